# SPDX-License-Identifier: GPL-2.0-or-later
"""Brunel (2000) network: construction as the NEST reference defines it, the
statistics of ``statistics_definitions`` in network/brunel_*.json, and the
seed-mean comparison rule of the reference README section 3.

Plain numpy/scipy plus a PyNEST-compatible module passed in as ``nest``, so
the validation tests and the benchmarks share one definition.

Time bins.  Spike times lie on the resolution grid and a spike is stamped at
the end of the step in which it happened, so times are converted to integer
steps and every window or bin is half-open on the left, ``(a, a + B]``, like
the analysis window ``(warmup, warmup + analysis]``.  Each bin then holds
exactly B / resolution grid points.  (numpy.histogram's ``[a, a + B)`` bins
would shift every edge by one step; for a stationary network that changes
none of the statistics' expectations.)

Variances and standard deviations are numpy's defaults (ddof=0), as in the
reference: an independent numpy re-implementation of brunel_delta_AI
analysed with this module reproduces NEST's seed means within the tolerances
(e.g. Fano per neuron 0.204 vs 0.1995; ddof=1 would give 0.227).
"""

import math
import time

import numpy as np
from scipy import signal

# README section 3: floors of the seed-mean comparison.
RATE_REL_FLOOR = 0.05
CV_ABS_FLOOR = 0.05
FANO_REL_FLOOR = 0.20
PSD_PEAK_ABS_FLOOR_HZ = 15.0

PSD_BIN_MS = 0.5
PSD_NPERSEG = 512
PSD_FMIN_HZ = 10.0
PSD_TOTAL_BAND_HZ = (10.0, 1000.0)
FANO_NEURON_WINDOW_MS = 100.0
FANO_POP_BINS_MS = (1.0, 5.0)


# --------------------------------------------------------------------------
# Construction
# --------------------------------------------------------------------------

def psp_peak_per_unit_current(model, neuron_params):
    """Peak of the PSP (mV) caused by one spike of weight 1 pA (exp/alpha) or
    1 mV (delta), for a neuron at rest without threshold."""
    if model == "iaf_psc_delta":
        return 1.0
    tau_m = float(neuron_params["tau_m"])
    c_m = float(neuron_params["C_m"])
    tau_s = float(neuron_params["tau_syn_ex"])
    if model == "iaf_psc_exp":
        # V(t) = tau_m tau_s / (C (tau_m - tau_s)) (e^{-t/tau_m} - e^{-t/tau_s})
        t_peak = math.log(tau_m / tau_s) * tau_m * tau_s / (tau_m - tau_s)
        return tau_m * tau_s / (c_m * (tau_m - tau_s)) * (
            math.exp(-t_peak / tau_m) - math.exp(-t_peak / tau_s))
    if model == "iaf_psc_alpha":
        # PSC (e / tau_s) t e^{-t/tau_s} (peak 1 pA at t = tau_s); with
        # a = 1/tau_s - 1/tau_m:
        # V(t) = e / (tau_s C) e^{-t/tau_m} (1 - e^{-a t} (1 + a t)) / a^2
        a = 1.0 / tau_s - 1.0 / tau_m

        def v(t):
            return math.e / (tau_s * c_m) * math.exp(-t / tau_m) * (
                1.0 - math.exp(-a * t) * (1.0 + a * t)) / a ** 2

        # dV/dt = 0 <=> e^{-a t} (1 + a t + a^2 t tau_m) = 1; bracket and bisect
        lo, hi = 1e-9, 50.0 * tau_s
        g = lambda t: math.exp(-a * t) * (1.0 + a * t + a * a * t * tau_m) - 1.0
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if g(mid) > 0:
                lo = mid
            else:
                hi = mid
        return v(0.5 * (lo + hi))
    raise ValueError(f"no PSP formula for {model}")


def brunel_weights(params):
    """(J_ex, J_in, derived J_ex) from a reference file's ``protocol.params``.

    The file's own ``J_ex`` is used; the derivation from README 3 (PSC
    amplitude such that one PSP peaks at J) is returned alongside so callers
    can check that the file and the derivation agree."""
    derived = float(params["J"]) / psp_peak_per_unit_current(params["model"], params["neuron_params"])
    j_ex = float(params.get("J_ex", derived))
    return j_ex, -float(params["g"]) * j_ex, derived


def poisson_rate(params):
    """eta * nu_th * CE in Hz, nu_th = theta / (J CE tau_m) (README 3)."""
    nu_th = float(params["theta"]) / (float(params["J"]) * float(params["CE"]) * float(params["tau_m"]))
    return 1000.0 * float(params["eta"]) * nu_th * float(params["CE"])


def run_brunel(nest, protocol, seed, threads=None, record=True):
    """Build and simulate one Brunel network exactly as the reference does.

    ``protocol`` is a network file's ``protocol`` block.  Returns a dict with
    spike ``times``/``senders`` (all neurons, whole run), ``first_id``,
    ``NE``, ``NI``, and the wall-clock ``build_s`` and ``sim_s``."""
    p = protocol["params"]
    ne, ni = int(p["NE"]), int(p["NI"])
    j_ex, j_in, _ = brunel_weights(p)
    rate = float(p.get("poisson_rate", poisson_rate(p)))
    delay = float(p["delay"])
    t0 = time.perf_counter()
    nest.ResetKernel()
    nest.SetKernelStatus({
        "resolution": float(protocol["resolution"]),
        "local_num_threads": int(threads if threads is not None else protocol["local_num_threads"]),
        "rng_seed": int(seed),
    })
    neurons = nest.Create(p["model"], ne + ni, params=dict(p["neuron_params"]))
    exc = neurons[:ne]
    inh = neurons[ne:]
    noise = nest.Create("poisson_generator", params={"rate": rate})
    nest.Connect(noise, neurons, syn_spec={"weight": j_ex, "delay": delay})
    nest.Connect(exc, neurons, {"rule": "fixed_indegree", "indegree": int(p["CE"])},
                 {"weight": j_ex, "delay": delay})
    nest.Connect(inh, neurons, {"rule": "fixed_indegree", "indegree": int(p["CI"])},
                 {"weight": j_in, "delay": delay})
    recorder = None
    if record:
        recorder = nest.Create("spike_recorder")
        nest.Connect(neurons, recorder)
    t1 = time.perf_counter()
    nest.Simulate(float(protocol["warmup_ms"]) + float(protocol["analysis_ms"]))
    t2 = time.perf_counter()
    out = {"first_id": int(neurons[:1].tolist()[0]), "NE": ne, "NI": ni, "build_s": t1 - t0, "sim_s": t2 - t1}
    if record:
        ev = recorder.events
        out["times"] = np.asarray(ev["times"], dtype=float)
        out["senders"] = np.asarray(ev["senders"], dtype=np.int64)
    return out


# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------

def _steps(times_ms, resolution):
    return np.rint(np.asarray(times_ms, dtype=float) / resolution).astype(np.int64)


def _bin_counts(k, k0, bin_steps, n_bins):
    """Counts in bins (k0 + b*bin_steps, k0 + (b+1)*bin_steps], b < n_bins."""
    idx = (k - k0 - 1) // bin_steps
    idx = idx[(idx >= 0) & (idx < n_bins)]
    return np.bincount(idx, minlength=n_bins)


def population_statistics(times, senders, first_id, n, t_start, t_stop, resolution):
    """Per-population statistics of the reference (names without the _X)."""
    k = _steps(times, resolution)
    k0, k1 = int(round(t_start / resolution)), int(round(t_stop / resolution))
    sel = (senders >= first_id) & (senders < first_id + n) & (k > k0) & (k <= k1)
    k = k[sel]
    ids = np.asarray(senders)[sel] - first_id
    window_s = (t_stop - t_start) / 1000.0
    stats = {"rate": len(k) / (n * window_s)}

    counts = np.bincount(ids, minlength=n)
    stats["frac_silent"] = float(np.mean(counts == 0))

    # CV of ISI: neurons with >= 3 spikes in the window
    order = np.lexsort((k, ids))
    k_sorted, id_sorted = k[order], ids[order]
    starts = np.concatenate([[0], np.cumsum(counts)])
    cvs = []
    t_ms = k_sorted * resolution
    for i in np.nonzero(counts >= 3)[0]:
        isi = np.diff(t_ms[starts[i]:starts[i + 1]])
        cvs.append(np.std(isi) / np.mean(isi))
    cvs = np.asarray(cvs)
    stats["cv_isi_mean"] = float(np.mean(cvs)) if len(cvs) else float("nan")
    stats["cv_isi_std"] = float(np.std(cvs)) if len(cvs) else float("nan")
    stats["cv_isi_n_neurons"] = int(len(cvs))

    # Fano factor of single-neuron counts in 100 ms windows
    w_steps = int(round(FANO_NEURON_WINDOW_MS / resolution))
    n_win = (k1 - k0) // w_steps
    win = (k - k0 - 1) // w_steps
    keep = win < n_win
    per = np.zeros((n, n_win))
    np.add.at(per, (ids[keep], win[keep]), 1.0)
    active = per.sum(axis=1) > 0
    if np.any(active):
        stats["fano_neuron_100ms_mean"] = float(np.mean(per[active].var(axis=1) / per[active].mean(axis=1)))
    else:
        stats["fano_neuron_100ms_mean"] = float("nan")

    # Fano factor of the population count in B ms bins
    for b_ms in FANO_POP_BINS_MS:
        b_steps = int(round(b_ms / resolution))
        c = _bin_counts(k, k0, b_steps, (k1 - k0) // b_steps).astype(float)
        stats[f"fano_pop_{b_ms:g}ms"] = float(c.var() / c.mean()) if c.mean() > 0 else float("nan")
    return stats


def population_rate_psd(times, senders, first_id, n_total, t_start, t_stop, resolution):
    """Population rate (Hz per neuron) in 0.5 ms bins and its Welch PSD."""
    k = _steps(times, resolution)
    sel = (senders >= first_id) & (senders < first_id + n_total)
    k0, k1 = int(round(t_start / resolution)), int(round(t_stop / resolution))
    b_steps = int(round(PSD_BIN_MS / resolution))
    counts = _bin_counts(k[sel], k0, b_steps, (k1 - k0) // b_steps)
    rate = counts / (n_total * PSD_BIN_MS / 1000.0)
    fs = 1000.0 / PSD_BIN_MS
    freq, psd = signal.welch(rate, fs=fs, nperseg=PSD_NPERSEG, noverlap=PSD_NPERSEG // 2,
                             detrend="constant", scaling="density")
    return rate, freq, psd


def brunel_statistics(times, senders, first_id, ne, ni, t_start, t_stop, resolution):
    """Every per-seed statistic of a network/brunel_*.json file."""
    times = np.asarray(times, dtype=float)
    senders = np.asarray(senders, dtype=np.int64)
    out = {}
    for name, first, n in (("E", first_id, ne), ("I", first_id + ne, ni)):
        for key, value in population_statistics(times, senders, first, n, t_start, t_stop,
                                                 resolution).items():
            out[f"{key}_{name}"] = value
    rate, freq, psd = population_rate_psd(times, senders, first_id, ne + ni, t_start, t_stop,
                                          resolution)
    band = freq >= PSD_FMIN_HZ
    i_peak = int(np.argmax(np.where(band, psd, -np.inf)))
    out["psd_peak_freq_Hz"] = float(freq[i_peak])
    out["psd_peak_power"] = float(psd[i_peak])
    lo, hi = PSD_TOTAL_BAND_HZ
    tot = (freq >= lo) & (freq <= hi)
    out["psd_total_power_10_1000Hz"] = float(np.trapezoid(psd[tot], freq[tot]))
    out["pop_rate_std_Hz_0p5ms"] = float(np.std(rate))
    k = _steps(times, resolution)
    in_window = (k > round(t_start / resolution)) & (k <= round(t_stop / resolution))
    out["n_spikes"] = int(np.sum(in_window & (senders >= first_id) & (senders < first_id + ne + ni)))
    out["_psd_freq"] = freq
    out["_psd"] = psd
    return out


# --------------------------------------------------------------------------
# Comparison (README section 3)
# --------------------------------------------------------------------------

def has_clear_psd_peak(reference):
    """A spectral peak is meaningful when NEST's own seeds agree on it within
    two frequency bins (SR: 0 Hz spread, SI: 2 Hz; the g=5 regimes wander by
    10-20 Hz, README 3)."""
    freq = np.asarray(reference.get("psd_freq_Hz", [0.0, 3.90625]))
    df = float(freq[1] - freq[0]) if len(freq) > 1 else 3.90625
    peak = reference["summary"].get("psd_peak_freq_Hz")
    return peak is not None and float(peak["std"]) <= 2.0 * df


def floor_for(key, nest_mean, clear_peak):
    """The README's floor for a statistic, or None when it is not tested."""
    if key.startswith("rate_"):
        return RATE_REL_FLOOR * abs(nest_mean)
    if key.startswith("cv_isi_mean_"):
        return CV_ABS_FLOOR
    if key.startswith("fano_"):
        return FANO_REL_FLOOR * abs(nest_mean)
    if key == "psd_peak_freq_Hz":
        return PSD_PEAK_ABS_FLOOR_HZ if clear_peak else None
    return None


def compare_with_reference(reference, roost_runs):
    """Rows ``(key, nest_mean, nest_std, roost_mean, roost_std, diff, tol,
    status)`` for every statistic in the reference summary; status is
    "ok", "FAIL" or "info" (reported, not tested)."""
    clear = has_clear_psd_peak(reference)
    rows = []
    for key, summ in reference["summary"].items():
        vals = np.array([r[key] for r in roost_runs if key in r], dtype=float)
        m_n, s_n = float(summ["mean"]), float(summ["std"])
        if len(vals) == 0:
            rows.append((key, m_n, s_n, float("nan"), float("nan"), float("nan"), None, "FAIL"))
            continue
        m_r = float(np.mean(vals))
        s_r = float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
        floor = floor_for(key, m_n, clear)
        diff = m_r - m_n
        if floor is None:
            rows.append((key, m_n, s_n, m_r, s_r, diff, None, "info"))
            continue
        tol = max(3.0 * math.sqrt(s_n ** 2 + s_r ** 2), floor)
        ok = math.isfinite(m_r) and abs(diff) <= tol
        rows.append((key, m_n, s_n, m_r, s_r, diff, tol, "ok" if ok else "FAIL"))
    return rows


def format_table(title, rows, extra_lines=()):
    lines = [title,
             f"{'statistic':<28} {'NEST mean':>12} {'NEST std':>10} {'Roost mean':>12} "
             f"{'Roost std':>10} {'diff':>11} {'tolerance':>10}  status"]
    for key, m_n, s_n, m_r, s_r, diff, tol, status in rows:
        tol_s = f"{tol:10.4g}" if tol is not None else f"{'-':>10}"
        lines.append(f"{key:<28} {m_n:12.5g} {s_n:10.3g} {m_r:12.5g} {s_r:10.3g} {diff:11.3g} "
                     f"{tol_s}  {status}")
    lines.extend(extra_lines)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Cortical microcircuit (README section 6; network/microcircuit_*.json)
# --------------------------------------------------------------------------

MICROCIRCUIT_CC_NEURONS = 200
MICROCIRCUIT_CC_BIN_MS = 2.0
MICROCIRCUIT_FANO_BINS_MS = (1.0, 3.0)
MICROCIRCUIT_STATS = ("rate_mean", "rate_std", "rate_q10", "rate_q50", "rate_q90", "frac_silent",
                      "cv_isi_mean", "cv_isi_std", "lv_mean", "lv_std", "cc_mean", "cc_std",
                      "fano_pop_1ms", "fano_pop_3ms")


def microcircuit_population_statistics(times, senders, first_id, n, t_start, t_stop, resolution):
    """Statistics of one population as ``statistics_definitions`` of
    network/microcircuit_*.json define them (names without the _<pop>), plus
    the per-neuron rates, CVs and pairwise CCs (keys starting with '_') for
    the optional distribution check.

    Window (t_start, t_stop]; node ids first_id .. first_id + n - 1."""
    k = _steps(times, resolution)
    senders = np.asarray(senders, dtype=np.int64)
    k0, k1 = int(round(t_start / resolution)), int(round(t_stop / resolution))
    sel = (senders >= first_id) & (senders < first_id + n) & (k > k0) & (k <= k1)
    k, ids = k[sel], senders[sel] - first_id
    t_sim_s = (t_stop - t_start) / 1000.0
    counts = np.bincount(ids, minlength=n)
    rates = counts / t_sim_s
    out = {
        "rate_mean": len(k) / (n * t_sim_s),
        "rate_std": float(np.std(rates)),
        "rate_q10": float(np.quantile(rates, 0.1)),
        "rate_q50": float(np.quantile(rates, 0.5)),
        "rate_q90": float(np.quantile(rates, 0.9)),
        "frac_silent": float(np.mean(counts == 0)),
        "n_spikes": int(len(k)),
    }

    # CV of ISI and local variation: neurons with >= 3 spikes in the window.
    order = np.lexsort((k, ids))
    t_sorted = k[order] * resolution
    starts = np.concatenate([[0], np.cumsum(counts)])
    cvs, lvs = [], []
    for i in np.nonzero(counts >= 3)[0]:
        isi = np.diff(t_sorted[starts[i]:starts[i + 1]])
        cvs.append(np.std(isi) / np.mean(isi))
        a, b = isi[:-1], isi[1:]
        lvs.append(3.0 / (len(isi) - 1) * np.sum(((a - b) / (a + b)) ** 2))
    nan = float("nan")
    out["cv_isi_mean"] = float(np.mean(cvs)) if cvs else nan
    out["cv_isi_std"] = float(np.std(cvs)) if cvs else nan
    out["lv_mean"] = float(np.mean(lvs)) if lvs else nan
    out["lv_std"] = float(np.std(lvs)) if lvs else nan
    out["cv_isi_n_neurons"] = len(cvs)

    # Pearson CC of 2 ms counts among the first 200 neurons, silent ones left out.
    b_steps = int(round(MICROCIRCUIT_CC_BIN_MS / resolution))
    n_bins = (k1 - k0) // b_steps
    n_cc = min(MICROCIRCUIT_CC_NEURONS, n)
    keep = ids < n_cc
    binned = np.zeros((n_cc, n_bins))
    b_idx = (k[keep] - k0 - 1) // b_steps
    ok = b_idx < n_bins
    np.add.at(binned, (ids[keep][ok], b_idx[ok]), 1.0)
    active = binned.sum(axis=1) > 0
    cc_pairs = np.array([])
    if np.count_nonzero(active) >= 2:
        cc = np.corrcoef(binned[active])
        cc_pairs = cc[np.triu_indices_from(cc, k=1)]
    out["cc_mean"] = float(np.mean(cc_pairs)) if len(cc_pairs) else nan
    out["cc_std"] = float(np.std(cc_pairs)) if len(cc_pairs) else nan
    out["cc_n_neurons"] = int(np.count_nonzero(active))

    # Population-count Fano factor (synchrony) in 1 and 3 ms bins.
    for b_ms in MICROCIRCUIT_FANO_BINS_MS:
        bs = int(round(b_ms / resolution))
        c = _bin_counts(k, k0, bs, (k1 - k0) // bs).astype(float)
        out[f"fano_pop_{b_ms:g}ms"] = float(c.var() / c.mean()) if c.mean() > 0 else nan

    out["_rates"] = rates
    out["_cvs"] = np.asarray(cvs)
    out["_ccs"] = cc_pairs
    return out


def microcircuit_statistics(populations, times, senders, t_start, t_stop, resolution):
    """Flat ``<stat>_<pop>`` statistics of every population.

    ``populations``: list of (name, first node id, size) in the file's order
    (names as in microcircuit_params.json, e.g. 'L23E')."""
    out = {}
    times = np.asarray(times, dtype=float)
    senders = np.asarray(senders, dtype=np.int64)
    for name, first, n in populations:
        for key, value in microcircuit_population_statistics(times, senders, first, n, t_start,
                                                             t_stop, resolution).items():
            out[f"{key}_{name}"] = value
    return out


def _split_pop_key(key):
    """'cv_isi_mean_L23E' -> ('cv_isi_mean', 'L23E')."""
    stat, _, pop = key.rpartition("_")
    return stat, pop


def microcircuit_floor(key, nest_mean, floors):
    """The floor of ``compare.floors`` for a summary key (larger of rel and abs)."""
    stat, _pop = _split_pop_key(key)
    spec = floors.get(stat)
    if spec is None:
        return None
    return max(float(spec.get("rel", 0.0)) * abs(nest_mean), float(spec.get("abs", 0.0)))


def compare_microcircuit(reference, roost_runs):
    """The file's ``compare`` rule over every summary key: rows as in
    compare_with_reference ``(key, nest_mean, nest_std, roost_mean, roost_std,
    diff, tol, status)``; a key without a floor in compare.floors is 'info'."""
    floors = reference["compare"]["floors"]
    rows = []
    for key, summ in reference["summary"].items():
        vals = np.array([r[key] for r in roost_runs if key in r], dtype=float)
        m_n, s_n = float(summ["mean"]), float(summ["std"])
        floor = microcircuit_floor(key, m_n, floors)
        if len(vals) == 0:
            rows.append((key, m_n, s_n, float("nan"), float("nan"), float("nan"), None,
                         "FAIL" if floor is not None else "info"))
            continue
        m_r = float(np.mean(vals))
        s_r = float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
        diff = m_r - m_n
        if floor is None:
            rows.append((key, m_n, s_n, m_r, s_r, diff, None, "info"))
            continue
        tol = max(3.0 * math.sqrt(s_n ** 2 + s_r ** 2), floor)
        ok = math.isfinite(m_r) and abs(diff) <= tol
        rows.append((key, m_n, s_n, m_r, s_r, diff, tol, "ok" if ok else "FAIL"))
    return rows


def microcircuit_distribution_check(reference, roost_runs, population_names):
    """The optional distribution check of compare.distribution_check: for each
    Roost run and listed distribution, mean |Q_Roost(u) - Q_NEST(u)| over the
    file's quantile levels against max(factor x NEST's leave-one-out max,
    floor).  Returns rows (key, run index, distance, limit, status)."""
    comp = reference["compare"]
    dist = reference.get("distributions", {})
    levels = np.asarray(dist.get("quantile_levels", []), dtype=float)
    factor = float(comp.get("distribution_check_factor", 2.0))
    floors = comp.get("distribution_floors", {})
    w_ref = reference.get("nest_vs_nest_wasserstein", {})
    field = {"rate_Hz": "_rates", "cv_isi": "_cvs", "cc": "_ccs"}
    rows = []
    for stat in comp.get("distribution_check_stats", []):
        for name in population_names:
            key = f"{stat}_{name}"
            q_nest = dist.get(stat, {}).get(name)
            loo = w_ref.get(key)
            if q_nest is None or loo is None or stat not in field:
                continue
            limit = max(factor * float(loo["loo_max"]), float(floors.get(stat, 0.0)))
            for i, run in enumerate(roost_runs):
                sample = run.get(f"{field[stat]}_{name}")
                if sample is None or len(sample) == 0:
                    rows.append((key, i, float("nan"), limit, "FAIL"))
                    continue
                q = np.quantile(np.asarray(sample, dtype=float), levels)
                d = float(np.mean(np.abs(q - np.asarray(q_nest, dtype=float))))
                rows.append((key, i, d, limit, "ok" if d <= limit else "FAIL"))
    return rows
