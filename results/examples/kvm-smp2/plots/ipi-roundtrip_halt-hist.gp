# ipi-roundtrip_halt-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-roundtrip_halt-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-roundtrip_halt-hist.png'
set encoding utf8
set title "IPI roundtrip_halt latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.265705, graph 0 to 0.265705, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.484182, graph 0 to 0.484182, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 266us (green), p99 484us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.248323 0.262836 142
0.262836 0.278197 116
0.278197 0.294455 19
0.294455 0.311664 21
0.311664 0.329879 38
0.329879 0.349158 19
0.349158 0.369564 13
0.369564 0.391163 18
0.391163 0.414023 7
0.414023 0.43822 1
0.463831 0.490939 2
0.490939 0.519631 1
0.519631 0.55 1
0.582144 0.616167 1
1.61826 1.71283 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
