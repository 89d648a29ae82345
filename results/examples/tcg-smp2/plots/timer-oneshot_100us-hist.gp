# timer-oneshot_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-oneshot_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-oneshot_100us-hist.png'
set encoding utf8
set title "timer oneshot_100us lateness: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from timer.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "lateness (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.0272351, graph 0 to 0.0272351, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.968729, graph 0 to 0.968729, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 27.2us (green), p99 969us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.0249206 0.0287572 252
0.0287572 0.0331845 66
0.0331845 0.0382934 26
0.0382934 0.0441888 12
0.0441888 0.0509919 16
0.0509919 0.0588423 12
0.0588423 0.0679013 4
0.0679013 0.078355 2
0.078355 0.0904181 3
0.0904181 0.104338 1
0.138938 0.160328 1
0.893866 1.03148 1
2.11059 2.43552 2
2.43552 2.81048 1
2.81048 3.24317 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
