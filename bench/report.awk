# bench/report.awk - turn the driver's result files into the markdown table,
# the target check, the namespace table, the raw figures and the chart data.
# Called by bench/run.sh with -v out=DIR quick=0|1 orphans=N zombies=N and the
# files startup.txt orphans.txt zombies.txt siglat.txt idle.txt sizes.txt
# namespace.txt, in that order.

function base(path) { sub(/.*\//, "", path); sub(/\.txt$/, "", path); return path }
function us(ns) { return sprintf("%.1f", ns / 1000) }
function ms(ns, d) { return sprintf("%." d "f", ns / 1e6) }
# v as a multiple of best, for "lower is better" figures.
function ratio(v, best) {
	if (best == 0)
		return v == 0 ? "=" : "—"
	return sprintf("%.2f×", v / best)
}
function cell(text, v, best) { return text " (" ratio(v, best) ")" }
function best_peer(arr,    i, b, l) {
	b = ""
	for (i = 1; i <= npeers; i++) {
		l = peers[i]
		if (!(l in arr))
			continue
		if (b == "" || arr[l] < b) {
			b = arr[l]
			best_name = l
		}
	}
	return b
}
function verdict(ok) { return ok ? "**met**" : "**missed**" }
# Met when v <= limit; a miss by 3 % or less is within what repeated runs of
# the same binaries differ by here, and is labelled so.
function verdict_r(v, limit,    over) {
	if (v <= limit)
		return "**met**"
	over = (v / limit - 1) * 100
	return sprintf("**missed** by %.1f %%%s", over, over <= 3 ? " (within run-to-run noise)" : "")
}

BEGIN {
	nrows = split("none floor pid1-static pid1 tini tini-static dumb-init catatonit", rows, " ")
	npeers = split("tini tini-static dumb-init catatonit", peers, " ")
	nns = 0
}

{
	f = base(FILENAME)
	if (f == "namespace") {
		# The label has spaces: the figures are the last 7 fields.
		label = $1
		for (i = 2; i <= NF - 7; i++)
			label = label " " $i
		nns++
		ns_label[nns] = label
		ns_med[nns] = $(NF - 5); ns_p10[nns] = $(NF - 4); ns_p90[nns] = $(NF - 3)
		ns_min[nns] = $(NF - 1); ns_fail[nns] = $NF
		details = details sprintf("| namespace | %s | %s | median %s, p10 %s, p90 %s, p99 %s, min %s, failures %s |\n",
			label, $(NF - 6), $(NF - 5), $(NF - 4), $(NF - 3), $(NF - 2), $(NF - 1), $NF)
		next
	}
	l = $1
	if (f == "startup") {
		start_med[l] = $3; start_fail[l] = $8
		details = details sprintf("| start-up | %s | %s | median %s, p10 %s, p90 %s, p99 %s, min %s, failures %s |\n",
			l, $2, $3, $4, $5, $6, $7, $8)
	} else if (f == "orphans" || f == "zombies") {
		if (f == "orphans") { orph[l] = $3; ocpu[l] = $8 } else { zomb[l] = $3; zcpu[l] = $8 }
		left[l] = (l in left && left[l] > $6) ? left[l] : $6
		reap_fail[l] += $7
		details = details sprintf("| %s | %s | %s | median %s, min %s, max %s, zombies left (max) %s, failures %s, CPU time of PID 1 (median) %s |\n",
			f, l, $2, $3, $4, $5, $6, $7, $8)
	} else if (f == "siglat") {
		sig_med[l] = $3; sig_p99[l] = $5
		details = details sprintf("| forwarding | %s | %s | median %s, p90 %s, p99 %s, min %s, max %s |\n",
			l, $2, $3, $4, $5, $6, $7)
	} else if (f == "idle") {
		wake[l] = $2; rss[l] = $5; anon[l] = $6; pdirty[l] = $7
		details = details sprintf("| idle | %s | %s s⁻¹ | voluntary %s, nonvoluntary %s, VmRSS %s kB, RssAnon %s kB, Private_Dirty %s kB |\n",
			l, $2, $3, $4, $5, $6, $7)
	} else if (f == "sizes") {
		size[l] = $2; stripped[l] = $3; linkage[l] = $4
	}
}

END {
	for (i = 2; i <= nrows; i++) {
		l = rows[i]
		cost[l] = start_med[l] - start_med["none"]
	}
	b_cost = best_peer(cost); n_cost = best_name
	b_orph = best_peer(orph); n_orph = best_name
	b_zomb = best_peer(zomb); n_zomb = best_name
	b_sig = best_peer(sig_med); n_sig = best_name
	b_p99 = best_peer(sig_p99)
	b_wake = best_peer(wake)
	b_rss = best_peer(rss)
	b_anon = best_peer(anon); n_anon = best_name
	b_pd = best_peer(pdirty)
	# Sizes compare within one kind of linking: static with static, dynamic with dynamic.
	for (i = 1; i <= npeers; i++) {
		l = peers[i]
		if (linkage[l] == "static")
			static_size[l] = stripped[l]
		else
			dynamic_size[l] = stripped[l]
	}
	b_static = best_peer(static_size); n_static = best_name
	b_dynamic = best_peer(dynamic_size)

	t = out "/table.md"
	print "| init | start-up cost, µs | " orphans " orphans, ms | ×self | burst of " zombies " zombies, ms | ×self | zombies left | forwarding median, µs | forwarding p99, µs | idle wake-ups/s | VmRSS, kB | RssAnon, kB | Private_Dirty, kB | size, bytes (stripped) |" > t
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" > t
	printf "| none | 0 (true alone: %s) | %s (self-reaping) | 1.00× | %s (self-reaping) | 1.00× | %s | %s (direct kill) | %s | — | — | — | — | — |\n",
		us(start_med["none"]), ms(orph["none"], 0), ms(zomb["none"], 1), left["none"],
		us(sig_med["none"]), us(sig_p99["none"]) > t
	for (i = 2; i <= nrows; i++) {
		l = rows[i]
		printf "| %s | %s | %s | %.2f× | %s | %.2f× | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			l, cell(us(cost[l]), cost[l], b_cost),
			cell(ms(orph[l], 0), orph[l], b_orph), orph[l] / orph["none"],
			cell(ms(zomb[l], 1), zomb[l], b_zomb), zomb[l] / zomb["none"], left[l],
			cell(us(sig_med[l]), sig_med[l], b_sig), cell(us(sig_p99[l]), sig_p99[l], b_p99),
			cell(wake[l], wake[l], b_wake), cell(rss[l], rss[l], b_rss), cell(anon[l], anon[l], b_anon),
			cell(pdirty[l], pdirty[l], b_pd),
			cell(size[l] (size[l] != stripped[l] ? " (" stripped[l] ")" : "") ", " linkage[l], stripped[l],
				linkage[l] == "static" ? b_static : b_dynamic) > t
	}
	fails = 0
	for (i = 1; i <= nrows; i++)
		fails += start_fail[rows[i]] + reap_fail[rows[i]]
	for (i = 1; i <= nns; i++)
		fails += ns_fail[i]
	if (fails > 0)
		print "\n**Warning: " fails " runs failed (non-zero exit or no result); see the raw figures.**" > t

	p = "pid1-static"
	g = out "/targets.md"
	print "| target | pid1-static | best peer | ratio | |" > g
	print "|---|---:|---:|---:|---|" > g
	printf "| start-up cost ≤ 0.9× best peer | %s µs | %s µs (%s) | %s | %s |\n",
		us(cost[p]), us(b_cost), n_cost, ratio(cost[p], b_cost), verdict_r(cost[p], 0.9 * b_cost) > g
	printf "| reaping %d orphans within 5%% of self-reaping | %s ms | self %s ms; best peer %s ms (%s) | %.2f× self, %s peer | %s |\n",
		orphans, ms(orph[p], 0), ms(orph["none"], 0), ms(b_orph, 0), n_orph, orph[p] / orph["none"],
		ratio(orph[p], b_orph), verdict_r(orph[p], 1.05 * orph["none"]) > g
	printf "| reaping a burst of %d zombies within 5%% of self-reaping | %s ms | self %s ms; best peer %s ms (%s) | %.2f× self, %s peer | %s |\n",
		zombies, ms(zomb[p], 1), ms(zomb["none"], 1), ms(b_zomb, 1), n_zomb, zomb[p] / zomb["none"],
		ratio(zomb[p], b_zomb), verdict_r(zomb[p], 1.05 * zomb["none"]) > g
	b_ocpu = best_peer(ocpu); n_ocpu = best_name
	printf "| (the same orphans: CPU time of the init, against the peers only: the self-reaping PID 1 also forks them) | %s ms | %s ms (%s) | %s | %s |\n",
		ms(ocpu[p], 1), ms(b_ocpu, 1), n_ocpu, ratio(ocpu[p], b_ocpu), "not a target" > g
	b_zcpu = best_peer(zcpu); n_zcpu = best_name
	printf "| (the same burst: CPU time of PID 1 while reaping, robust to load) | %s ms | self %s ms; best peer %s ms (%s) | %.2f× self, %s peer | %s |\n",
		ms(zcpu[p], 1), ms(zcpu["none"], 1), ms(b_zcpu, 1), n_zcpu, zcpu[p] / zcpu["none"],
		ratio(zcpu[p], b_zcpu), verdict_r(zcpu[p], 1.05 * zcpu["none"]) > g
	printf "| zombies left = 0 | %d | | | %s |\n", left[p], verdict(left[p] == 0) > g
	printf "| forwarding latency ≤ best peer (median) | %s µs | %s µs (%s) | %s | %s |\n",
		us(sig_med[p]), us(b_sig), n_sig, ratio(sig_med[p], b_sig), verdict_r(sig_med[p], b_sig) > g
	printf "| idle wake-ups = 0 | %s/s | %s/s | | %s |\n", wake[p], b_wake, verdict(wake[p] == 0) > g
	printf "| anonymous memory (RssAnon) ≤ best peer | %s kB | %s kB (%s) | %s | %s |\n",
		anon[p], b_anon, n_anon, ratio(anon[p], b_anon), verdict_r(anon[p], b_anon) > g
	printf "| static binary ≤ 32,768 bytes | %d bytes | %d bytes (%s) | %s | %s |\n",
		size[p], b_static, n_static, ratio(stripped[p], b_static), verdict(size[p] <= 32768) > g

	# The floor: bench/floor.c, the least an init can do, built as pid1-static is.
	f = out "/floor.md"
	print "| target | pid1-static | floor | difference | ratio | |" > f
	print "|---|---:|---:|---:|---:|---|" > f
	printf "| start-up and exit ≤ 1.20× true alone | %s µs | true alone %s µs | %s µs | %.2f× | %s |\n",
		us(start_med[p]), us(start_med["none"]), us(start_med[p] - start_med["none"]),
		start_med[p] / start_med["none"], verdict_r(start_med[p], 1.2 * start_med["none"]) > f
	printf "| start-up within 15 µs of the floor | %s µs | %s µs | %s µs | %s | %s |\n",
		us(start_med[p]), us(start_med["floor"]), us(start_med[p] - start_med["floor"]),
		ratio(start_med[p], start_med["floor"]), verdict(start_med[p] - start_med["floor"] <= 15000) > f
	printf "| forwarding median ≤ 1.05× the floor | %s µs | %s µs | %s µs | %s | %s |\n",
		us(sig_med[p]), us(sig_med["floor"]), us(sig_med[p] - sig_med["floor"]),
		ratio(sig_med[p], sig_med["floor"]), verdict_r(sig_med[p], 1.05 * sig_med["floor"]) > f
	if ("floor-group" in sig_med)
		printf "| (forwarding median against the floor that forwards to the group as pid1 does: getpgid, then kill of the group) | %s µs | %s µs | %s µs | %s | not a target |\n",
			us(sig_med[p]), us(sig_med["floor-group"]), us(sig_med[p] - sig_med["floor-group"]),
			ratio(sig_med[p], sig_med["floor-group"]) > f
	if ("pid1-static-c" in sig_med)
		printf "| (`pid1-static -c`, which forwards to the child only, as tini and catatonit do, against the floor) | %s µs | %s µs | %s µs | %s | not a target |\n",
			us(sig_med["pid1-static-c"]), us(sig_med["floor"]), us(sig_med["pid1-static-c"] - sig_med["floor"]),
			ratio(sig_med["pid1-static-c"], sig_med["floor"]) > f

	printf "| reaping %s orphans | %s ms | %s ms | %s ms | %s | not a target |\n", orphans,
		ms(orph[p], 0), ms(orph["floor"], 0), ms(orph[p] - orph["floor"], 0), ratio(orph[p], orph["floor"]) > f
	printf "| reaping a burst of %s zombies | %s ms | %s ms | %s ms | %s | not a target |\n", zombies,
		ms(zomb[p], 1), ms(zomb["floor"], 1), ms(zomb[p] - zomb["floor"], 1), ratio(zomb[p], zomb["floor"]) > f
	printf "| idle wake-ups | %s/s | %s/s | | | not a target |\n", wake[p], wake["floor"] > f
	printf "| anonymous memory (RssAnon) | %s kB | %s kB | %d kB | %s | not a target |\n",
		anon[p], anon["floor"], anon[p] - anon["floor"], ratio(anon[p], anon["floor"]) > f
	printf "| static binary | %d bytes | %d bytes | %d bytes | %s | not a target |\n",
		size[p], size["floor"], size[p] - size["floor"], ratio(size[p], size["floor"]) > f

	n = out "/namespace.md"
	print "| command (`-- true`) | median, µs | p10, µs | p90, µs | ratio |" > n
	print "|---|---:|---:|---:|---:|" > n
	for (i = 1; i <= nns; i++) {
		l = ns_label[i]
		ref = (l ~ /--mount-proc/) ? 2 : 6 # unshare -pf [--mount-proc] alone
		printf "| `%s` | %s | %s | %s | %s |\n", l, us(ns_med[i]), us(ns_p10[i]), us(ns_p90[i]),
			(i == ref) ? "1.00×" : ratio(ns_med[i], ns_med[ref]) " `" ns_label[ref] "`" > n
	}

	d = out "/details.md"
	print "| figure | init | n | values |" > d
	print "|---|---|---:|---|" > d
	printf "%s", details > d

	c = out "/inits.dat"
	print "# label start-up-cost-us forwarding-median-us forwarding-p99-us zombie-burst-ms RssAnon-kB" > c
	for (i = 2; i <= nrows; i++) {
		l = rows[i]
		printf "\"%s\" %.2f %.2f %.2f %.2f %s\n", l, cost[l] / 1000, sig_med[l] / 1000, sig_p99[l] / 1000,
			zomb[l] / 1e6, anon[l] > c
	}
	c = out "/all.dat"
	print "# label forwarding-median-us forwarding-p99-us zombie-burst-ms" > c
	printf "\"none\" %.2f %.2f %.2f\n", sig_med["none"] / 1000, sig_p99["none"] / 1000, zomb["none"] / 1e6 > c
	for (i = 2; i <= nrows; i++) {
		l = rows[i]
		printf "\"%s\" %.2f %.2f %.2f\n", l, sig_med[l] / 1000, sig_p99[l] / 1000, zomb[l] / 1e6 > c
	}
}
