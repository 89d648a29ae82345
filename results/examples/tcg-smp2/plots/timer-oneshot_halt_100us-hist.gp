# timer-oneshot_halt_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-oneshot_halt_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-oneshot_halt_100us-hist.png'
set encoding utf8
set title "timer oneshot_halt_100us lateness: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from timer.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "lateness (us), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 50.7085, graph 0 to 50.7085, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 112.203, graph 0 to 112.203, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 50.7us (green), p99 112us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
41.4412 42.9514 8
42.9514 44.5166 7
44.5166 46.1388 53
46.1388 47.8202 70
47.8202 49.5628 50
49.5628 51.3689 29
51.3689 53.2408 64
53.2408 55.181 45
55.181 57.1919 26
57.1919 59.276 5
59.276 61.4361 3
61.4361 63.6749 3
63.6749 65.9953 3
65.9953 68.4002 1
68.4002 70.8928 4
70.8928 73.4762 6
73.4762 76.1537 3
76.1537 78.9289 2
78.9289 81.8051 3
81.8051 84.7862 4
84.7862 87.8759 5
91.0782 94.3972 1
108.928 112.897 1
117.011 121.275 3
135.022 139.943 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
