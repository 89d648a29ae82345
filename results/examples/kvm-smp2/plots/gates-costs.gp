# gates-costs: drawn by scripts/irqbench-plot; run "gnuplot gates-costs.gp" here to draw it again
set terminal pngcairo size 1200,668 font 'DejaVu Sans,10' noenhanced background rgb 'white'
set output 'gates-costs.png'
set encoding utf8
set title "gate entry and exit costs (_net: less the timing overhead): p50 (bar) and p1 to p99 (whisker) per row\nKVM, QEMU Virtual CPU version 2.5+, 2 CPUs, x2APIC" noenhanced
set label 99 "run 20261121-100453-kvm-smp2; from summary.csv; TSC 2.445 GHz (cpuid_40000010h)" at screen 0.01, character 1 font ',8' noenhanced
set bmargin 5
set grid
set key noenhanced
set lmargin 34
set xlabel "p50, p1 to p99 (us, log axis)"
set yrange [23.5:-0.5]
unset key
set ytics ("de_div0 cpu 0" 0, "de_div0 cpu 1" 1, "de_div0_net cpu 0" 2, "de_div0_net cpu 1" 3, "empty cpu 0" 4, "empty cpu 1" 5, "empty_ring3 cpu 0" 6, "empty_ring3 cpu 1" 7, "gp_noncanonical cpu 0" 8, "gp_noncanonical cpu 1" 9, "gp_noncanonical_net cpu 0" 10, "gp_noncanonical_net cpu 1" 11, "pf_notpresent cpu 0" 12, "pf_notpresent cpu 1" 13, "pf_notpresent_net cpu 0" 14, "pf_notpresent_net cpu 1" 15, "ud_ud2 cpu 0" 16, "ud_ud2 cpu 1" 17, "ud_ud2_net cpu 0" 18, "ud_ud2_net cpu 1" 19, "ud_ud2_ring3 cpu 0" 20, "ud_ud2_ring3 cpu 1" 21, "ud_ud2_ring3_net cpu 0" 22, "ud_ud2_ring3_net cpu 1" 23) font ',9'
set style fill solid 0.7
set format x '%g'
set logscale x
$b << EOD
0 13.7256 13.6152 18.5345 0x4292c6
1 14.2968 14.1566 25.4074 0x4292c6
2 8.42591 8.3155 13.2349 0x4292c6
3 8.86673 8.72647 19.9772 0x4292c6
4 5.29967 5.24978 8.82665 0x4292c6
5 5.43012 5.39005 9.4977 0x4292c6
6 0.0298516 0.0200373 0.0302605 0x4292c6
7 0.0298516 0.0200373 0.0302605 0x4292c6
8 14.3267 14.2265 15.0378 0x4292c6
9 14.8877 14.7475 19.1156 0x4292c6
10 9.02703 8.92684 9.73815 0x4292c6
11 9.45763 9.31736 13.6855 0x4292c6
12 14.7176 14.6473 15.6594 0x4292c6
13 15.2983 15.1585 19.8267 0x4292c6
14 9.41796 9.34763 10.3597 0x4292c6
15 9.86819 9.72833 14.3966 0x4292c6
16 13.2647 13.1445 86.3507 0x4292c6
17 17.6729 13.7755 20.8388 0x4292c6
18 7.96505 7.84482 81.0511 0x4292c6
19 12.2428 8.34535 15.4087 0x4292c6
20 20.4181 16.1403 64.4201 0x4292c6
21 16.3304 15.8495 33.9931 0x4292c6
22 20.3882 16.1104 64.3902 0x4292c6
23 16.3006 15.8197 33.9633 0x4292c6
EOD
plot $b using (0.0100187):1:(0.0100187):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \
  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'
unset output
