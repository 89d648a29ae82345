# timer-periodic_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-periodic_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-periodic_100us-hist.png'
set encoding utf8
set title "timer periodic_100us lateness: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from timer.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "lateness (ms), 34 linear (values <= 0) bins"
set ylabel 'samples per bin (log)'
set arrow from 4.907e-06, graph 0 to 4.907e-06, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.0282169, graph 0 to 0.0282169, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 4.91ns (green), p99 28.2us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
-0.0584828 0.0656366 398
1.18271 1.30683 1
4.03746 4.16158 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
