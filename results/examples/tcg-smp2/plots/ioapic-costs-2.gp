# ioapic-costs-2: drawn by scripts/irqbench-plot; run "gnuplot ioapic-costs-2.gp" here to draw it again
set terminal pngcairo size 1200,866 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ioapic-costs-2.png'
set encoding utf8
set title "IOAPIC costs: p50 (bar) and p1 to p99 (whisker) per row (page 2 of 2)\nTCG, QEMU Virtual CPU version 2.5+, 2 CPUs, xAPIC" noenhanced
set label 99 "run 20261121-100436-tcg-smp2; from summary.csv; TSC 2.445 GHz (pit)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (us, log axis)"
set yrange [32.5:-0.5]
unset key
set ytics ("eoi_level_uart 1->1" 0, "eoi_pit 0->0" 1, "eoi_pit 1->1" 2, "eoi_uart 0->0" 3, "eoi_uart 1->1" 4, "mask cpu 0" 5, "mask cpu 1" 6, "masked_edge_hpet 0->0" 7, "masked_edge_hpet 1->1" 8, "masked_edge_pit 0->0" 9, "masked_edge_pit 1->1" 10, "masked_edge_uart 0->0" 11, "masked_edge_uart 1->1" 12, "masked_level_hpet 0->0" 13, "masked_level_hpet 1->1" 14, "masked_level_rtc 0->0" 15, "masked_level_rtc 1->1" 16, "masked_level_uart 0->0" 17, "masked_level_uart 1->1" 18, "retarget cpu 0" 19, "retarget cpu 1" 20, "retarget_roundtrip_hpet 0->1" 21, "retarget_roundtrip_hpet 1->0" 22, "retarget_roundtrip_pit 0->1" 23, "retarget_roundtrip_pit 1->0" 24, "retarget_roundtrip_uart 0->1" 25, "retarget_roundtrip_uart 1->0" 26, "rte_read cpu 0" 27, "rte_read cpu 1" 28, "rte_write cpu 0" 29, "rte_write cpu 1" 30, "unmask cpu 0" 31, "unmask cpu 1" 32) font ',9'
set style fill solid 0.7
set format x '%g'
set logscale x
$b << EOD
0 0.200369 0.180332 0.250666 0x4292c6
1 0.400738 0.270294 0.811699 0x4292c6
2 0.61133 0.26048 1.19199 0x4292c6
3 0.140258 0.130035 0.340627 0x4292c6
4 0.23022 0.130035 0.310367 0x4292c6
5 0.200369 0.190146 0.210592 0x4292c6
6 0.190555 0.190146 0.200369 0x4292c6
7 42.6156 26.0451 137.66 0x4292c6
8 53.0144 18.0001 186.934 0x4292c6
9 28.9971 20.3211 73.389 0x4292c6
10 31.5017 20.3309 89.7792 0x4292c6
11 5.23985 3.42631 8.56557 0x4292c6
12 5.0493 2.46454 8.06465 0x4292c6
13 2.66491 1.90351 6.05114 0x4292c6
14 2.94542 1.85362 5.34985 0x4292c6
15 7.51384 3.79679 13.0342 0x4292c6
16 6.07118 3.99716 11.5413 0x4292c6
17 5.43 3.89738 8.15502 0x4292c6
18 4.73893 2.8252 7.41365 0x4292c6
19 0.32059 0.26048 0.35085 0x4292c6
20 0.310367 0.170109 0.420775 0x4292c6
21 69.8257 47.7148 129.896 0x4292c6
22 66.9302 59.7169 122.563 0x4292c6
23 36.2206 35.5994 94.2773 0x4292c6
24 43.0029 35.6694 53.9332 0x4292c6
25 24.5751 18.5942 36.4471 0x4292c6
26 26.6192 21.199 82.3116 0x4292c6
27 0.250666 0.250257 0.270703 0x4292c6
28 0.26048 0.250257 0.270703 0x4292c6
29 0.330813 0.330404 0.350441 0x4292c6
30 0.571256 0.480886 0.761402 0x4292c6
31 0.180332 0.170518 0.400738 0x4292c6
32 0.290739 0.170109 0.35085 0x4292c6
EOD
plot $b using (0.0650177):1:(0.0650177):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
