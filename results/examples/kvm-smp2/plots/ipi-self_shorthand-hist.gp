# ipi-self_shorthand-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-self_shorthand-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-self_shorthand-hist.png'
set encoding utf8
set title "IPI self_shorthand latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 1.19497, graph 0 to 1.19497, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.41971, graph 0 to 1.41971, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 1.19ms (green), p99 1.42ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.234517 0.248427 2
0.393912 0.417277 2
0.442027 0.468246 1
0.468246 0.49602 2
0.49602 0.525441 2
0.700888 0.742461 2
0.742461 0.7865 1
0.7865 0.83315 16
0.83315 0.882568 13
0.882568 0.934918 81
0.934918 0.990372 39
0.990372 1.04912 11
1.04912 1.11134 10
1.11134 1.17726 9
1.17726 1.24709 58
1.24709 1.32106 71
1.32106 1.39942 62
1.39942 1.48243 17
1.57036 1.6635 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
