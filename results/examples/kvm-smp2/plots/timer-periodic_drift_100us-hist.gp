# timer-periodic_drift_100us-hist: drawn by scripts/irqbench-plot; run "gnuplot timer-periodic_drift_100us-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'timer-periodic_drift_100us-hist.png'
set encoding utf8
set title "timer periodic_drift_100us lateness: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 97.0322, graph 0 to 97.0322, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 196.595, graph 0 to 196.595, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 97ms (green), p99 197ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.99977 1.16848 2
1.86548 2.18029 2
2.54822 2.97825 1
2.97825 3.48083 1
3.48083 4.06824 2
4.75477 5.55715 2
5.55715 6.49494 2
6.49494 7.59098 2
7.59098 8.87199 3
8.87199 10.3692 3
10.3692 12.119 3
12.119 14.1641 4
14.1641 16.5544 7
16.5544 19.348 5
19.348 22.613 8
22.613 26.429 7
26.429 30.889 9
30.889 36.1017 10
36.1017 42.1939 13
42.1939 49.3143 15
49.3143 57.6363 19
57.6363 67.3626 19
67.3626 78.7303 24
78.7303 92.0163 27
92.0163 107.544 31
107.544 125.693 36
125.693 146.904 42
146.904 171.695 49
171.695 200.669 52
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
