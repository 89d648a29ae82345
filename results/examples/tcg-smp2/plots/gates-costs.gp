# gates-costs: drawn by scripts/irqbench-plot; run "gnuplot gates-costs.gp" here to draw it again
set terminal pngcairo size 1200,844 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'gates-costs.png'
set encoding utf8
set title "gate entry and exit costs (_net: less the timing overhead): p50 (bar) and p1 to p99 (whisker) per row (page 1 of 2)\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from summary.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (us, log axis)"
set yrange [31.5:-0.5]
unset key
set ytics ("bp_int3 cpu 0" 0, "bp_int3 cpu 1" 1, "bp_int3_net cpu 0" 2, "bp_int3_net cpu 1" 3, "de_div0 cpu 0" 4, "de_div0 cpu 1" 5, "de_div0_net cpu 0" 6, "de_div0_net cpu 1" 7, "empty cpu 0" 8, "empty cpu 1" 9, "empty_ring3 cpu 0" 10, "empty_ring3 cpu 1" 11, "gp_noncanonical cpu 0" 12, "gp_noncanonical cpu 1" 13, "gp_noncanonical_net cpu 0" 14, "gp_noncanonical_net cpu 1" 15, "int_intgate cpu 0" 16, "int_intgate cpu 1" 17, "int_intgate_ist cpu 0" 18, "int_intgate_ist cpu 1" 19, "int_intgate_ist_net cpu 0" 20, "int_intgate_ist_net cpu 1" 21, "int_intgate_ist_ring3 cpu 0" 22, "int_intgate_ist_ring3 cpu 1" 23, "int_intgate_ist_ring3_net cpu 0" 24, "int_intgate_ist_ring3_net cpu 1" 25, "int_intgate_net cpu 0" 26, "int_intgate_net cpu 1" 27, "int_intgate_ring3 cpu 0" 28, "int_intgate_ring3 cpu 1" 29, "int_intgate_ring3_net cpu 0" 30, "int_intgate_ring3_net cpu 1" 31) font ',9'
set style fill solid 0.7
set format x '%g'
set logscale x
$b << EOD
0 0.280517 0.270294 0.300553 0x4292c6
1 0.300553 0.290331 0.300553 0x4292c6
2 0.270294 0.260071 0.290331 0x4292c6
3 0.290331 0.280108 0.290331 0x4292c6
4 0.430589 0.410552 0.450626 0x4292c6
5 0.420775 0.420775 0.460849 0x4292c6
6 0.420366 0.400329 0.440403 0x4292c6
7 0.410552 0.410552 0.450626 0x4292c6
8 0.0102229 0.00981399 0.0200369 0x4292c6
9 0.0102229 0.00981399 0.0200369 0x4292c6
10 0.0102229 0.00981399 0.0200369 0x4292c6
11 0.0102229 0.00981399 0.0200369 0x4292c6
12 0.471072 0.460849 0.891846 0x4292c6
13 0.510736 0.500922 0.530773 0x4292c6
14 0.460849 0.450626 0.881624 0x4292c6
15 0.500514 0.4907 0.52055 0x4292c6
16 0.270703 0.26048 0.280517 0x4292c6
17 0.310367 0.300553 0.32059 0x4292c6
18 0.300553 0.290331 0.310776 0x4292c6
19 0.330404 0.32059 0.340627 0x4292c6
20 0.290331 0.280108 0.300553 0x4292c6
21 0.320181 0.310367 0.330404 0x4292c6
22 0.330404 0.310367 0.350441 0x4292c6
23 0.621144 0.32059 1.04192 0x4292c6
24 0.320181 0.300145 0.340218 0x4292c6
25 0.610921 0.310367 1.0317 0x4292c6
26 0.26048 0.250257 0.270294 0x4292c6
27 0.300145 0.290331 0.310367 0x4292c6
28 0.330404 0.32059 0.340627 0x4292c6
29 0.340627 0.32059 0.35085 0x4292c6
30 0.320181 0.310367 0.330404 0x4292c6
31 0.330404 0.310367 0.340627 0x4292c6
EOD
plot $b using (0.004907):1:(0.004907):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
