# ipi-icr-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-icr-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-icr-hist.png'
set encoding utf8
set title "IPI icr latency: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
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
set arrow from 13.7952, graph 0 to 13.7952, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 22.3313, graph 0 to 22.3313, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 13.8us (green), p99 22.3us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
1.89369 2.1201 1
11.5365 12.9158 1
12.9158 14.4601 377
14.4601 16.1889 2
16.1889 18.1245 2
18.1245 20.2915 3
20.2915 22.7176 10
22.7176 25.4337 3
78.6844 88.092 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
