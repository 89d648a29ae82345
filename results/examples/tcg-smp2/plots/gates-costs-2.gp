# gates-costs-2: drawn by scripts/irqbench-plot; run "gnuplot gates-costs-2.gp" here to draw it again
set terminal pngcairo size 1200,844 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'gates-costs-2.png'
set encoding utf8
set title "gate entry and exit costs (_net: less the timing overhead): p50 (bar) and p1 to p99 (whisker) per row (page 2 of 2)\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from summary.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (us, log axis)"
set yrange [31.5:-0.5]
unset key
set ytics ("int_trapgate cpu 0" 0, "int_trapgate cpu 1" 1, "int_trapgate_ist cpu 0" 2, "int_trapgate_ist cpu 1" 3, "int_trapgate_ist_net cpu 0" 4, "int_trapgate_ist_net cpu 1" 5, "int_trapgate_net cpu 0" 6, "int_trapgate_net cpu 1" 7, "int_trapgate_ring3 cpu 0" 8, "int_trapgate_ring3 cpu 1" 9, "int_trapgate_ring3_net cpu 0" 10, "int_trapgate_ring3_net cpu 1" 11, "pf_notpresent cpu 0" 12, "pf_notpresent cpu 1" 13, "pf_notpresent_net cpu 0" 14, "pf_notpresent_net cpu 1" 15, "syscall_iretq cpu 0" 16, "syscall_iretq cpu 1" 17, "syscall_iretq_net cpu 0" 18, "syscall_iretq_net cpu 1" 19, "syscall_sysretq cpu 0" 20, "syscall_sysretq cpu 1" 21, "syscall_sysretq_net cpu 0" 22, "syscall_sysretq_net cpu 1" 23, "ud_ud2 cpu 0" 24, "ud_ud2 cpu 1" 25, "ud_ud2_net cpu 0" 26, "ud_ud2_net cpu 1" 27, "ud_ud2_ring3 cpu 0" 28, "ud_ud2_ring3 cpu 1" 29, "ud_ud2_ring3_net cpu 0" 30, "ud_ud2_ring3_net cpu 1" 31) font ',9'
set style fill solid 0.7
set format x '%g'
set logscale x
$b << EOD
0 0.280517 0.270294 0.280517 0x4292c6
1 0.310367 0.300553 0.310776 0x4292c6
2 0.300553 0.290739 0.310776 0x4292c6
3 0.32059 0.32059 0.330813 0x4292c6
4 0.290331 0.280517 0.300553 0x4292c6
5 0.310367 0.310367 0.32059 0x4292c6
6 0.270294 0.260071 0.270294 0x4292c6
7 0.300145 0.290331 0.300553 0x4292c6
8 0.330404 0.310776 0.340627 0x4292c6
9 0.330813 0.32059 0.340627 0x4292c6
10 0.320181 0.300553 0.330404 0x4292c6
11 0.32059 0.310367 0.330404 0x4292c6
12 0.561033 0.540996 0.58107 0x4292c6
13 0.570847 0.55081 0.601107 0x4292c6
14 0.55081 0.530773 0.570847 0x4292c6
15 0.560624 0.540587 0.590884 0x4292c6
16 0.160295 0.150072 0.170518 0x4292c6
17 0.150481 0.140258 0.160295 0x4292c6
18 0.150072 0.139849 0.160295 0x4292c6
19 0.140258 0.130035 0.150072 0x4292c6
20 0.0699247 0.0601107 0.100184 0x4292c6
21 0.0703336 0.0601107 0.0801476 0x4292c6
22 0.0597018 0.0498878 0.0899616 0x4292c6
23 0.0601107 0.0498878 0.0699247 0x4292c6
24 0.290739 0.280517 0.310776 0x4292c6
25 0.310367 0.300553 0.32059 0x4292c6
26 0.280517 0.270294 0.300553 0x4292c6
27 0.300145 0.290331 0.310367 0x4292c6
28 0.340627 0.330404 0.360664 0x4292c6
29 0.350441 0.330813 0.370887 0x4292c6
30 0.330404 0.320181 0.350441 0x4292c6
31 0.340218 0.32059 0.360664 0x4292c6
EOD
plot $b using (0.004907):1:(0.004907):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
