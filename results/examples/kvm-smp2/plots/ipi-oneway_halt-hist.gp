# ipi-oneway_halt-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-oneway_halt-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-oneway_halt-hist.png'
set encoding utf8
set title "IPI oneway_halt latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.0926151, graph 0 to 0.0926151, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.226399, graph 0 to 0.226399, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 92.6us (green), p99 226us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.0850757 0.0927231 206
0.0927231 0.101058 95
0.101058 0.110142 19
0.110142 0.120043 21
0.120043 0.130833 18
0.130833 0.142594 17
0.142594 0.155412 5
0.155412 0.169381 3
0.169381 0.184607 5
0.184607 0.201201 5
0.201201 0.219287 1
0.219287 0.238999 1
0.238999 0.260482 1
0.260482 0.283897 2
1.4569 1.58786 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
