# timer-periodic_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-periodic_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-periodic_100us-hist.png'
set encoding utf8
set title "timer periodic_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from timer.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set logscale x
set logscale y
set yrange [0.5:*]
set style fill solid 0.6 border lc rgb '#08519c'
set xlabel "lateness (ms), 34 log-spaced bins"
set ylabel 'samples per bin (log)'
set arrow from 1.00063, graph 0 to 1.00063, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.26669, graph 0 to 1.26669, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 1ms (green), p99 1.27ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.0903549 0.0997432 1
0.0997432 0.110107 1
0.199253 0.219956 1
0.219956 0.242811 1
0.295891 0.326635 2
0.326635 0.360574 1
0.360574 0.39804 1
0.439398 0.485054 1
0.485054 0.535453 2
0.535453 0.591089 1
0.591089 0.652506 3
0.652506 0.720305 3
0.720305 0.795148 1
0.877768 0.968972 65
0.968972 1.06965 289
1.06965 1.18079 22
1.18079 1.30349 1
1.30349 1.43892 2
1.43892 1.58843 1
2.35883 2.60392 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
