# timer-oneshot_concurrent_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-oneshot_concurrent_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-oneshot_concurrent_100us-hist.png'
set encoding utf8
set title "timer oneshot_concurrent_100us lateness: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
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
set arrow from 0.0275454, graph 0 to 0.0275454, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 6.8068, graph 0 to 6.8068, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 27.5us (green), p99 6.81ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.025051 0.0300184 257
0.0300184 0.0359708 56
0.0359708 0.0431034 14
0.0431034 0.0516504 14
0.0516504 0.0618922 10
0.0618922 0.0741649 1
0.0741649 0.088871 1
0.152914 0.183235 18
0.183235 0.219569 1
0.263107 0.315279 1
0.377796 0.452709 1
0.778943 0.933399 1
1.60603 1.92449 2
2.3061 2.76338 1
2.76338 3.31133 2
3.31133 3.96793 3
3.96793 4.75474 5
4.75474 5.69755 6
5.69755 6.82733 2
6.82733 8.18112 3
9.80336 11.7473 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
