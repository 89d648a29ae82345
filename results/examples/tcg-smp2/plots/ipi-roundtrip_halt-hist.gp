# ipi-roundtrip_halt-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-roundtrip_halt-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-roundtrip_halt-hist.png'
set encoding utf8
set title "IPI roundtrip_halt latency: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from ipi.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (us), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 13.9559, graph 0 to 13.9559, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 29.4044, graph 0 to 29.4044, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 14us (green), p99 29.4us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
10.3992 11.1604 86
11.9773 12.854 6
12.854 13.7949 16
13.7949 14.8047 134
14.8047 15.8884 28
15.8884 17.0515 6
17.0515 18.2996 11
18.2996 19.6392 86
19.6392 21.0767 7
21.0767 22.6196 6
22.6196 24.2753 5
24.2753 26.0522 2
26.0522 27.9593 2
27.9593 30.0059 1
49.2006 52.802 1
70.0443 75.1715 1
80.6741 86.5794 1
107.018 114.852 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
