# ipi-nmi-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-nmi-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-nmi-hist.png'
set encoding utf8
set title "IPI nmi latency: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
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
set arrow from 0.0142364, graph 0 to 0.0142364, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.0282021, graph 0 to 0.0282021, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 14.2us (green), p99 28.2us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.00981808 0.0112556 19
0.0112556 0.0129035 26
0.0129035 0.0147927 290
0.0147927 0.0169586 10
0.0169586 0.0194415 38
0.0194415 0.022288 7
0.022288 0.0255512 4
0.0255512 0.0292922 2
0.0384976 0.0441341 1
0.0580036 0.0664961 1
0.0664961 0.0762319 1
0.891802 1.02237 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
