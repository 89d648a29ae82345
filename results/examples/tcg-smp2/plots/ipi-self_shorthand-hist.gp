# ipi-self_shorthand-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-self_shorthand-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-self_shorthand-hist.png'
set encoding utf8
set title "IPI self_shorthand latency: histogram\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from ipi.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (us), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.881624, graph 0 to 0.881624, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.57269, graph 0 to 1.57269, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 882ns (green), p99 1.57us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.570847 0.599311 187
0.599311 0.629194 11
0.842516 0.884525 2
0.884525 0.92863 5
0.92863 0.974933 19
0.974933 1.02355 26
1.02355 1.07458 25
1.07458 1.12816 24
1.12816 1.18441 19
1.18441 1.24347 18
1.24347 1.30547 22
1.30547 1.37057 17
1.37057 1.43891 15
1.43891 1.51065 2
1.51065 1.58598 4
1.58598 1.66506 2
1.66506 1.74808 1
2.8437 2.9855 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
