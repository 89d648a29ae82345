# ioapic-costs: drawn by scripts/irqbench-plot; run "gnuplot ioapic-costs.gp" here to draw it again
set terminal pngcairo size 1200,1416 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'ioapic-costs.png'
set encoding utf8
set title "IOAPIC costs: p50 (bar) and p1 to p99 (whisker) per row\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from summary.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (ms, log axis)"
set yrange [57.5:-0.5]
unset key
set ytics ("deliver_hpet 0->0" 0, "deliver_hpet 1->1" 1, "deliver_logical_hpet 0->0" 2, "deliver_logical_hpet 1->1" 3, "deliver_logical_pit 0->0" 4, "deliver_logical_pit 1->1" 5, "deliver_logical_uart 0->0" 6, "deliver_logical_uart 1->1" 7, "deliver_lowest_hpet 0->0" 8, "deliver_lowest_hpet 1->1" 9, "deliver_lowest_logical_hpet 0->0" 10, "deliver_lowest_logical_hpet 1->1" 11, "deliver_lowest_logical_pit 0->0" 12, "deliver_lowest_logical_pit 1->1" 13, "deliver_lowest_logical_uart 0->0" 14, "deliver_lowest_logical_uart 1->1" 15, "deliver_lowest_pit 0->0" 16, "deliver_lowest_pit 1->1" 17, "deliver_lowest_uart 0->0" 18, "deliver_lowest_uart 1->1" 19, "deliver_pit 0->0" 20, "deliver_pit 1->1" 21, "deliver_uart 0->0" 22, "deliver_uart 1->1" 23, "eoi_hpet 0->0" 24, "eoi_hpet 1->1" 25, "eoi_pit 0->0" 26, "eoi_pit 1->1" 27, "eoi_uart 0->0" 28, "eoi_uart 1->1" 29, "mask cpu 0" 30, "mask cpu 1" 31, "masked_edge_hpet 0->0" 32, "masked_edge_hpet 1->1" 33, "masked_edge_pit 0->0" 34, "masked_edge_pit 1->1" 35, "masked_edge_uart 0->0" 36, "masked_edge_uart 1->1" 37, "retarget cpu 0" 38, "retarget cpu 1" 39, "retarget_deliver_hpet 0->1" 40, "retarget_deliver_hpet 1->0" 41, "retarget_deliver_pit 0->1" 42, "retarget_deliver_pit 1->0" 43, "retarget_deliver_uart 0->1" 44, "retarget_deliver_uart 1->0" 45, "retarget_roundtrip_hpet 0->1" 46, "retarget_roundtrip_hpet 1->0" 47, "retarget_roundtrip_pit 0->1" 48, "retarget_roundtrip_pit 1->0" 49, "retarget_roundtrip_uart 0->1" 50, "retarget_roundtrip_uart 1->0" 51, "rte_read cpu 0" 52, "rte_read cpu 1" 53, "rte_write cpu 0" 54, "rte_write cpu 1" 55, "unmask cpu 0" 56, "unmask cpu 1" 57) font ',9'
set style fill solid 0.7
set format x '%g'
set logscale x
$b << EOD
0 0.2495 0.17951 0.457197 0x4292c6
1 0.161622 0.118371 1.14112 0x4292c6
2 0.204451 0.147676 0.42391 0x4292c6
3 0.20642 0.142942 0.306587 0x4292c6
4 0.11085 0.107384 0.156886 0x4292c6
5 0.125127 0.109297 0.287189 0x4292c6
6 0.0926326 0.0894369 0.176619 0x4292c6
7 0.0917911 0.0904486 0.141494 0x4292c6
8 0.169183 0.124049 0.337868 0x4292c6
9 0.144935 0.113897 0.332334 0x4292c6
10 0.248738 0.182023 0.594079 0x4292c6
11 0.273766 0.188176 0.804084 0x4292c6
12 0.11082 0.107374 0.17506 0x4292c6
13 0.113545 0.109748 0.173707 0x4292c6
14 0.0908591 0.0899975 0.164246 0x4292c6
15 0.1345 0.0958488 0.211264 0x4292c6
16 0.114036 0.107744 0.257113 0x4292c6
17 0.112974 0.109067 0.49169 0x4292c6
18 0.0908493 0.0897775 0.150951 0x4292c6
19 0.0920115 0.0908796 0.127167 0x4292c6
20 0.173848 0.145465 0.258676 0x4292c6
21 0.115309 0.109107 0.197011 0x4292c6
22 0.0918009 0.0895669 0.154688 0x4292c6
23 0.0939449 0.0909896 0.161982 0x4292c6
24 0.0203878 0.0149479 0.0247764 0x4292c6
25 0.0206888 0.0150378 0.0250365 0x4292c6
26 0.0199973 0.0158397 0.0235038 0x4292c6
27 0.0151384 0.0150178 0.0204884 0x4292c6
28 0.0148276 0.0147274 0.0188453 0x4292c6
29 0.0151683 0.0149376 0.0292848 0x4292c6
30 0.0210895 0.0209889 0.0648809 0x4292c6
31 0.0311078 0.0213999 0.0694592 0x4292c6
32 0.226258 0.156328 0.678621 0x4292c6
33 0.211858 0.145685 1.31627 0x4292c6
34 0.15927 0.114357 0.436387 0x4292c6
35 0.159681 0.116781 1.76204 0x4292c6
36 0.134641 0.0927831 0.229207 0x4292c6
37 0.0981629 0.0943158 0.296001 0x4292c6
38 0.0268799 0.0267499 0.0463864 0x4292c6
39 0.0275215 0.0273812 0.0929933 0x4292c6
40 0.148316 0.139623 0.261018 0x4292c6
41 0.186358 0.164279 0.411418 0x4292c6
42 0.171511 0.116313 0.353046 0x4292c6
43 0.191959 0.13879 0.5898 0x4292c6
44 0.140034 0.0994482 0.318737 0x4292c6
45 0.152062 0.122556 0.240974 0x4292c6
46 0.389124 0.333991 1.02986 0x4292c6
47 0.416487 0.379989 1.28419 0x4292c6
48 0.366958 0.312867 0.699227 0x4292c6
49 0.454541 0.339336 0.811216 0x4292c6
50 0.345394 0.290762 0.574842 0x4292c6
51 0.443226 0.317061 0.627579 0x4292c6
52 0.023584 0.0234539 0.0601721 0x4292c6
53 0.024145 0.024055 0.0277918 0x4292c6
54 0.0257079 0.0255775 0.0539303 0x4292c6
55 0.0265094 0.0262489 0.0487509 0x4292c6
56 0.0205681 0.0200574 0.0691689 0x4292c6
57 0.0207387 0.0205984 0.0233734 0x4292c6
EOD
plot $b using (0.00736372):1:(0.00736372):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
