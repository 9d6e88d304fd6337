# bench/chart.gp - the chart in docs/benchmarks.png. bench/run.sh sets
# datadir (the results: inits.dat and all.dat, written by bench/report.awk)
# and outfile.
set terminal pngcairo size 1200,800 font "sans,10"
set output outfile
inits = datadir . '/inits.dat'
all = datadir . '/all.dat'

set style data boxes
set style fill solid 0.75 border -1
set boxwidth 0.6
set grid ytics
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set xtics nomirror rotate by -25
set key top left

set multiplot layout 2,2 title "pid1 against its peers, each as PID 1 of a new PID namespace (lower is better)" font ",12"

set title "Start-up and exit cost: median(INIT -- true) - median(true)"
set ylabel "µs"
plot inits using 0:2:xtic(1) lc rgb "#4477aa" notitle, \
     '' using 0:2:(sprintf("%.0f", $2)) with labels offset 0,0.7 notitle

set title "Signal forwarding latency: kill(init) until the child has it"
set ylabel "µs"
set boxwidth 0.35
plot all using ($0-0.18):2:xtic(1) lc rgb "#4477aa" title "median", \
     '' using ($0+0.18):3 lc rgb "#ee6677" title "p99"
set boxwidth 0.6

set title "Reaping a burst of zombies (none = PID 1 reaping its own)"
set ylabel "ms"
plot all using 0:4:xtic(1) lc rgb "#228833" notitle, \
     '' using 0:4:(sprintf("%.1f", $4)) with labels offset 0,0.7 notitle

set title "Anonymous memory of the idle init (RssAnon)"
set ylabel "kB"
plot inits using 0:6:xtic(1) lc rgb "#aa3377" notitle, \
     '' using 0:6:(sprintf("%d", $6)) with labels offset 0,0.7 notitle

unset multiplot
