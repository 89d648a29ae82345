# timer-deadline_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-deadline_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-deadline_100us-hist.png'
set encoding utf8
set title "timer deadline_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.790149, graph 0 to 0.790149, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.22574, graph 0 to 1.22574, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 790us (green), p99 1.23ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.21622 0.231916 1
0.329235 0.353136 1
0.353136 0.378771 2
0.467394 0.501323 1
0.501323 0.537716 1
0.537716 0.576751 3
0.576751 0.61862 1
0.663527 0.711695 2
0.711695 0.76336 73
0.76336 0.818775 191
0.818775 0.878213 44
0.878213 0.941966 15
0.941966 1.01035 13
1.01035 1.08369 5
1.08369 1.16236 18
1.16236 1.24674 27
1.24674 1.33725 1
2.18403 2.34257 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
