# ipi-roundtrip_spin-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-roundtrip_spin-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-roundtrip_spin-hist.png'
set encoding utf8
set title "IPI roundtrip_spin latency: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from ipi.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.00722351, graph 0 to 0.00722351, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.25635, graph 0 to 1.25635, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 7.22us (green), p99 1.26ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.00459826 0.00612757 50
0.00612757 0.00816551 242
0.00816551 0.0108812 29
0.0108812 0.0145001 2
0.0145001 0.0193227 2
0.0193227 0.0257491 2
0.0257491 0.0343128 37
0.0343128 0.0457247 13
0.0457247 0.060932 10
0.060932 0.0811969 5
0.0811969 0.108202 2
0.108202 0.144188 1
1.07595 1.43379 1
1.43379 1.91065 1
2.5461 3.39289 1
3.39289 4.5213 1
59.9122 79.838 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
