# ipi-oneway_spin-hist: drawn by scripts/irqbench-plot; run "gnuplot ipi-oneway_spin-hist.gp" here to draw it again
set terminal pngcairo size 1200,600 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ipi-oneway_spin-hist.png'
set encoding utf8
set title "IPI oneway_spin latency: histogram\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
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
set arrow from 0.267465, graph 0 to 0.267465, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front
set arrow from 1.05788, graph 0 to 1.05788, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front
set label 2 "p50 267us (green), p99 1.06ms (orange)" at graph 0.98, graph 0.95 right front
$d << EOD
0.089288 0.0969235 9
0.0969235 0.105212 6
0.105212 0.114209 14
0.114209 0.123976 7
0.123976 0.134577 8
0.134577 0.146086 13
0.146086 0.158578 20
0.158578 0.172139 12
0.172139 0.186859 14
0.186859 0.202839 17
0.202839 0.220184 16
0.220184 0.239014 25
0.239014 0.259453 29
0.259453 0.28164 28
0.28164 0.305724 19
0.305724 0.331868 17
0.331868 0.360248 25
0.360248 0.391054 24
0.391054 0.424495 25
0.424495 0.460796 23
0.460796 0.500201 19
0.500201 0.542975 10
0.542975 0.589408 1
0.589408 0.639811 2
0.694524 0.753916 2
0.753916 0.818387 1
0.818387 0.888372 1
0.888372 0.964341 5
0.964341 1.04681 3
1.04681 1.13632 3
1.13632 1.2335 1
1.33898 1.45348 1
EOD
plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle
unset output
