# ipi-broadcast_last-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-broadcast_last-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-broadcast_last-hist.png'
set encoding utf8
set title "IPI broadcast_last latency: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from ipi.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (us), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 13.6349, graph 0 to 13.6349, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 25.0461, graph 0 to 25.0461, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 13.6us (green), p99 25us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
13.1242 13.8691 315
13.8691 14.6562 7
14.6562 15.4881 1
15.4881 16.3671 1
16.3671 17.2961 8
17.2961 18.2777 7
18.2777 19.3151 19
19.3151 20.4114 20
20.4114 21.5699 4
21.5699 22.7941 9
22.7941 24.0878 4
24.0878 25.455 1
26.8997 28.4265 2
68.7582 72.6607 1
81.1427 85.7481 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
