# ipi-broadcast_each-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-broadcast_each-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-broadcast_each-hist.png'
set encoding utf8
set title "IPI broadcast_each latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from ipi.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "latency (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 0.111581, graph 0 to 0.111581, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 3.633, graph 0 to 3.633, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 112us (green), p99 3.63ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.0834629 0.0933522 122
0.0933522 0.104413 66
0.104413 0.116785 14
0.116785 0.130622 28
0.130622 0.146099 36
0.146099 0.16341 30
0.16341 0.182772 33
0.182772 0.204429 31
0.204429 0.228651 15
0.228651 0.255743 6
0.255743 0.286045 7
0.286045 0.319938 1
0.319938 0.357846 1
1.53426 1.71605 1
2.40117 2.68568 1
2.68568 3.0039 2
3.35982 3.75792 6
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
