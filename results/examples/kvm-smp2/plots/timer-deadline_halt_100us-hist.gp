# timer-deadline_halt_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-deadline_halt_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-deadline_halt_100us-hist.png'
set encoding utf8
set title "timer deadline_halt_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.0746056, graph 0 to 0.0746056, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 0.163571, graph 0 to 0.163571, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 74.6us (green), p99 164us (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.067312 0.0737249 166
0.0737249 0.0807487 159
0.0807487 0.0884417 15
0.0884417 0.0968677 16
0.0968677 0.106096 22
0.106096 0.116204 10
0.116204 0.127275 4
0.127275 0.139401 2
0.139401 0.152682 1
0.152682 0.167228 1
0.455037 0.498388 1
0.860394 0.942365 1
1.03215 1.13048 1
1.35614 1.48534 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
