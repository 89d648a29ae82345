# ipi-nmi-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-nmi-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-nmi-hist.png'
set encoding utf8
set title "IPI nmi latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.309407, graph 0 to 0.309407, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.487759, graph 0 to 0.487759, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 309us (green), p99 488us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.301001 0.317204 255
0.317204 0.334279 18
0.334279 0.352273 42
0.352273 0.371235 15
0.371235 0.391219 20
0.391219 0.412278 18
0.412278 0.434471 17
0.434471 0.457858 5
0.457858 0.482504 4
0.482504 0.508477 3
1.17651 1.23984 1
1.6982 1.78962 2
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
