# timer-oneshot_halt_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-oneshot_halt_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-oneshot_halt_100us-hist.png'
set encoding utf8
set title "timer oneshot_halt_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.101125, graph 0 to 0.101125, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.154194, graph 0 to 0.154194, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 101us (green), p99 154us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.0977287 0.107956 358
0.107956 0.119254 16
0.119254 0.131735 13
0.131735 0.145521 5
0.145521 0.160751 5
0.160751 0.177574 2
2.60906 2.88211 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
