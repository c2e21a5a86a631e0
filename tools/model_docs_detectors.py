# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference texts of correlation_detector and correlomatrix_detector, for
tools/gen_model_docs.py (merged into its DEVICE_DOCS): descriptions,
differences from NEST 3.10, and the units/meanings of their fields."""

DELIVERY = ("**Order of events**: as in NEST, a neuron's spikes (and those of every node NEST "
            "gives proxies: parrot_neuron, spike_train_injector) reach the detector at the start "
            "of the min-delay slice after the one they were emitted in, one event per unit of "
            "multiplicity; generators' spikes arrive during their slice, with their "
            "multiplicity; within a batch by sender id, then time. The detector ignores "
            "connection delays (it reads each spike's time stamp), but the delays set NEST's "
            "slice length (min_delay over all connections, the detector's included), and so "
            "the order, which matters where a late spike prunes the other list before an "
            "earlier one arrives. After Simulate the spikes of the last slice have not reached "
            "the detector yet; the next Simulate delivers them. The same holds for any number "
            "of threads and on both backends (the detector runs on the host).")
WINDOWS = ("**Windows**: a spike stamped outside `(origin + start, origin + stop]` is ignored "
           "altogether. A spike inside it but outside `[Tstart, Tstop]` is not counted (nor "
           "paired) when it arrives, but is kept as a partner for later spikes.")
DRAWN = ("Generators drawn per target (poisson_generator, mip_generator, the rate generators) "
         "send the detector a train of its own, drawn like a neuron's (same seed, same train).")

DETECTOR_DOCS = {
    "correlation_detector": {
        "summary": "Cross-correlation histogram of two pools of spike sources.",
        "text": [
            "**Connect** sources with `receptor_type` 0 (pool 1) or 1 (pool 2); other receptors "
            "raise `IllegalConnection` (NEST: UnknownReceptorType). A source may be connected "
            "to both.",
            "**Counts** every pair of a spike t1 of pool 1 and t2 of pool 2 whose lag t2 - t1 "
            "lies in `[-tau_max - delta_tau/2, tau_max + delta_tau/2)`, in bin "
            "`floor((t2 - t1 + tau_max + delta_tau/2) / delta_tau)` of "
            "`2 tau_max / delta_tau + 1` bins centred on `-tau_max ... tau_max` (bin centres: "
            "`numpy.linspace(-tau_max, tau_max, n_bins)`). Coincident spikes are counted once. "
            "`count_histogram[n]` adds the arriving spike's multiplicity; `histogram[n]` adds "
            "the product of the two spikes' weights times multiplicities (Kahan-summed, the "
            "compensation in `histogram_correction`); `n_events` counts the spikes (events) "
            "of each pool inside the window.",
            "The pair is counted by whichever spike arrives second, against the other pool's "
            "list of recent spikes, exactly as NEST's handle() does (NEST's algorithm, its "
            "pruning and its bin arithmetic are reproduced operation for operation).",
            WINDOWS, DELIVERY, DRAWN,
            "**Reset**: `n_events = [0, 0]`, or setting `delta_tau`, `tau_max`, `Tstart` or "
            "`Tstop`, clears the histograms and the lists. As in NEST 3.10, a parameter change "
            "sizes them for the parameters the detector had before the call (NEST passes its "
            "old parameters to the reset); the first Simulate of a new detector, or a later "
            "`n_events = [0, 0]`, sizes them for the current ones. Before that the histograms "
            "are empty, as in NEST.",
            "`delta_tau` must be a multiple of the resolution and `tau_max` a multiple of "
            "`delta_tau` (BadProperty naming the parameter).",
        ],
        "differences": [
            "Where NEST would index outside its histogram (a partner more than tau_max + "
            "delta_tau/2 ahead of the arriving spike, possible when min-delay slices are longer "
            "than the window, or after a parameter change left the histogram too short), NEST's "
            "behaviour is undefined (heap corruption); Roost skips that pair.",
            "NEST's delivery order of neuron spikes, and so what its pruning loses, depends on "
            "its thread count; Roost gives NEST's 1-thread result for any thread count.",
            "A zero `delta_tau` is refused (NEST does not check it).",
            "A detector made by Create with parameters shows empty histograms until its first "
            "Simulate; NEST has already sized them there (for the default parameters).",
            "One MPI process only (a KernelException at Simulate otherwise); any number of "
            "threads.",
        ],
    },
    "correlomatrix_detector": {
        "summary": "Auto- and cross-covariance matrix of N_channels pools of spike sources.",
        "text": [
            "**Connect** sources with `receptor_type` 0 ... `N_channels - 1`; others raise "
            "`IllegalConnection`.",
            "**Counts** every pair of spikes (a spike with itself included) with lag |t_i - "
            "t_j| below `tau_max + delta_tau/2` into `covariance[i][j][bin]` (weighted: the "
            "product of weights times multiplicities) and `count_covariance[i][j][bin]` (the "
            "arriving spike's multiplicity), `tau_max / delta_tau + 1` bins of lags 0, "
            "delta_tau, ... as NEST orders the channel pair by which spike is later; the bin "
            "of lag 0 is filled symmetrically. Both are arrays of shape `(N_channels, "
            "N_channels, n_bins)`. `n_events` counts the spikes per channel inside "
            "`[Tstart, Tstop]`.",
            WINDOWS, DELIVERY, DRAWN,
            "**Reset**: setting `N_channels`, `delta_tau`, `tau_max`, `Tstart` or `Tstop` "
            "clears the matrices (sized for the new parameters, as NEST 3.10 does). `delta_tau` must be an odd multiple of "
            "the resolution, `tau_max` a multiple of `delta_tau`, `N_channels` at least 1.",
        ],
        "differences": [
            "`n_events` cannot be set (NEST: UnaccessedDictionaryEntry; Roost: UnknownParameter).",
            "A detector made by Create with parameters shows 1 x 1 x 0 matrices until its first "
            "Simulate; NEST has already sized them there.",
            "NEST's delivery order of neuron spikes depends on its thread count; Roost gives "
            "NEST's 1-thread result for any thread count.",
            "One MPI process only; any number of threads.",
        ],
    },
}

_COMMON = {
    "delta_tau": ("ms", "bin width, a multiple of the resolution (default 0.5 ms; 5 steps where 0.5 ms is off the grid)"),
    "tau_max": ("ms", "largest lag binned, a multiple of delta_tau (default 5 ms)"),
    "Tstart": ("ms", "spikes arriving before it are not counted"),
    "Tstop": ("ms", "spikes arriving after it are not counted"),
}
DETECTOR_FIELDS = {
    "correlation_detector": dict(_COMMON, **{
        "n_events": ("", "spikes counted per pool; set to [0, 0] to clear"),
        "histogram": ("weight^2", "weighted counts per bin"),
        "histogram_correction": ("weight^2", "Kahan compensation per bin"),
        "count_histogram": ("", "pair counts per bin"),
    }),
    "correlomatrix_detector": dict(_COMMON, **{
        "N_channels": ("", "number of receptor ports (pools)"),
        "n_events": ("", "spikes counted per channel (read-only)"),
        "covariance": ("weight^2", "weighted counts [i][j][bin]"),
        "count_covariance": ("", "pair counts [i][j][bin]"),
    }),
}
