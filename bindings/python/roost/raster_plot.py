# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.raster_plot``: spike raster plots, optionally with a rate histogram."""

import numpy as np

from ._plot_data import defaults_of, load_ascii, single_recorder
from .errors import NESTError

__all__ = ["extract_events", "from_data", "from_device", "from_file", "show"]


def extract_events(data, time=None, sel=None):
    """Rows (node_id, t) of data with t in [t_min, t_max) (time=[t_max] or
    [t_min, t_max]) and node_id in sel."""
    data = np.asarray(data)
    keep = np.ones(len(data), dtype=bool)
    if time:
        t_max = time[-1]
        t_min = time[0] if len(time) > 1 else 0
        keep &= (data[:, 1] >= t_min) & (data[:, 1] < t_max)
    if sel:
        keep &= np.isin(data[:, 0], np.asarray(list(sel)))
    return data[keep]


def from_data(data, sel=None, **kwargs):
    """Raster plot from an array with rows (node_id, time)."""
    data = np.asarray(data)
    if len(data) == 0:
        raise NESTError("No data to plot.")
    picked = extract_events(data, sel=sel)
    return _make_plot(data[:, 1], picked[:, 1], picked[:, 0], data[:, 0], **kwargs)


def from_file(fname, **kwargs):
    """Raster plot from spike_recorder ascii file(s)."""
    return from_data(load_ascii(fname), **kwargs)


def _is_spike_recorder(defaults):
    if defaults.get("type_id") == "spike_recorder" or defaults.get("model") == "spike_recorder":
        return True
    return defaults.get("element_type") == "recorder" and "record_from" not in defaults


def from_device(detec, **kwargs):
    """Raster plot of the spikes of a spike_recorder (record_to memory or ascii).

    kwargs: hist (True), hist_binwidth (5.0 ms), grayscale, title, xlabel.
    """
    single_recorder(detec, "spike_recorder")
    if not _is_spike_recorder(defaults_of(detec)):
        raise NESTError("Please provide a spike_recorder.")
    record_to = detec.get("record_to")
    if record_to == "memory":
        events = detec.get("events")
        ts, senders = np.asarray(events["times"]), np.asarray(events["senders"])
        if not len(ts):
            raise NESTError("No events recorded!")
        kwargs.setdefault("title", f"Raster plot from device '{detec.get('global_id')}'")
        xlabel = "Steps" if detec.get("time_in_steps") else "Time (ms)"
        kwargs.setdefault("xlabel", xlabel)
        return _make_plot(ts, ts, senders, senders, **kwargs)
    if record_to == "ascii":
        return from_file(detec.get("filenames"), **kwargs)
    raise NESTError("No data to plot. Make sure that record_to is set to either 'ascii' or 'memory'.")


def _make_plot(ts, ts1, node_ids, neurons, hist=True, hist_binwidth=5.0,
               grayscale=False, title=None, xlabel=None):
    """Draw the raster (and the PSTH below it) in a new figure; return the raster lines."""
    import matplotlib.pyplot as plt

    marker = ".k" if grayscale else "."
    bar_color = "gray" if grayscale else "blue"
    xlabel = xlabel or "Time (ms)"
    fig = plt.figure()
    if hist:
        ax_raster = fig.add_axes([0.1, 0.3, 0.85, 0.6])
        lines = ax_raster.plot(ts1, node_ids, marker)
        ax_raster.set_ylabel("Neuron ID")
        ax_raster.set_xticks([])
        xlim = ax_raster.get_xlim()

        ax_hist = fig.add_axes([0.1, 0.1, 0.85, 0.17])
        ts = np.asarray(ts, dtype=float)
        width = float(hist_binwidth)
        edges = np.arange(ts.min(), ts.max() + width, width)
        if len(edges) < 2:
            edges = np.array([ts.min(), ts.min() + width])
        counts, _ = np.histogram(ts, bins=edges)
        n_neurons = max(1, len(np.unique(neurons)))
        heights = 1000.0 * counts / (width * n_neurons)
        ax_hist.bar(edges[:-1], heights, width=width, align="edge",
                    color=bar_color, edgecolor="black")
        top = int(heights.max() * 1.1) + 5
        ax_hist.set_yticks([int(y) for y in np.linspace(0.0, top, 4)])
        ax_hist.set_ylabel("Rate (Hz)")
        ax_hist.set_xlabel(xlabel)
        ax_hist.set_xlim(xlim)
        plt.sca(ax_raster)
    else:
        ax_raster = fig.gca()
        lines = ax_raster.plot(ts1, node_ids, marker)
        ax_raster.set_xlabel(xlabel)
        ax_raster.set_ylabel("Neuron ID")
    ax_raster.set_title(title if title is not None else "Raster plot")
    plt.draw()
    return lines


def show():
    """Show the figures (matplotlib.pyplot.show)."""
    import matplotlib.pyplot as plt
    plt.show()
