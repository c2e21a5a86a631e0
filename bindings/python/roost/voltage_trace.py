# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.voltage_trace``: membrane potential traces from a voltmeter or multimeter."""

import numpy as np

from ._plot_data import defaults_of, load_ascii, single_recorder
from .errors import NESTError
from .node_collection import NodeCollection

__all__ = ["from_device", "from_file", "show"]


def _traces(senders, times, values):
    out = {}
    senders = np.asarray(senders)
    for s in np.unique(senders):
        sel = senders == s
        out[int(s)] = (np.asarray(times)[sel], np.asarray(values)[sel])
    return out


def _plot(traces, neurons, title, grayscale, xlabel, timefactor=1.0):
    import matplotlib.pyplot as plt

    if neurons is None:
        neurons = sorted(traces)
    elif isinstance(neurons, NodeCollection):
        neurons = neurons.tolist()
    style = "k" if grayscale else ""
    lines = []
    for n in neurons:
        if int(n) not in traces:
            print(f"INFO: Wrong ID: {n}")
            continue
        t, v = traces[int(n)]
        lines.append(plt.plot(t / timefactor, v, style, label=f"Neuron {n}"))
    plt.title(title or "Membrane potential")
    plt.ylabel("Membrane potential (mV)")
    plt.xlabel(xlabel)
    plt.legend(loc="best")
    plt.draw()
    return lines


def from_file(fname, title=None, grayscale=False):
    """Traces from multimeter/voltmeter ascii file(s) (columns sender, time, V_m)."""
    data = load_ascii(fname)
    if len(data) == 0:
        raise NESTError("No data to plot.")
    if data.shape[1] == 2:
        traces = {0: (data[:, 0], data[:, 1])}
    else:
        traces = _traces(data[:, 0], data[:, 1], data[:, 2])
    return _plot(traces, None, title, grayscale, "Time (ms)")


def from_device(detec, neurons=None, title=None, grayscale=False, timeunit="ms"):
    """Plot V_m of the neurons recorded by a voltmeter or a multimeter recording V_m
    (into the current figure); returns the plotted lines, one list per neuron."""
    single_recorder(detec, "voltmeter")
    defaults = defaults_of(detec)
    if defaults.get("element_type") != "recorder" or "record_from" not in defaults:
        raise NESTError("Please provide a voltmeter or a multimeter measuring V_m.")
    if "V_m" not in list(detec.get("record_from")):
        raise NESTError("Please provide a multimeter measuring V_m.")
    record_to = detec.get("record_to")
    if record_to == "ascii":
        return from_file(detec.get("filenames"), title, grayscale)
    if record_to != "memory":
        raise NESTError("No data to plot. Make sure that record_to is set to either 'ascii' or 'memory'.")
    events = detec.get("events")
    if not len(events["times"]):
        raise NESTError("No events recorded!")
    if detec.get("time_in_steps"):
        xlabel, factor = "Steps", 1.0
    elif timeunit == "s":
        xlabel, factor = "Time (s)", 1000.0
    else:
        xlabel, factor = "Time (ms)", 1.0
    traces = _traces(events["senders"], events["times"], events["V_m"])
    return _plot(traces, neurons, title, grayscale, xlabel, factor)


def show():
    """Show the figures (matplotlib.pyplot.show)."""
    import matplotlib.pyplot as plt
    plt.show()
