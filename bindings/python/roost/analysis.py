# SPDX-License-Identifier: GPL-2.0-or-later
"""Recordings in the Python analysis ecosystem: a recorder's events as a
pandas DataFrame, or as NEO objects that Elephant analyses directly.

    import roost as nest
    df = nest.analysis.to_pandas(spike_recorder)     # one row per event
    seg = nest.analysis.to_neo(spike_recorder)       # neo.Segment, one SpikeTrain per neuron
    seg = nest.analysis.to_neo(multimeter)           # one AnalogSignal per recorded quantity

    import elephant.statistics as es
    rates = [es.mean_firing_rate(st) for st in seg.spiketrains]

pandas, neo and quantities are optional: each function says which package it
misses. Both read the recorder's memory (record_to "memory", NEST's default);
for record_to "ascii" read its files (pandas.read_csv(..., sep="\\t",
comment="#")).
"""

import numpy as np

from .errors import NotSupported
from .node_collection import NodeCollection


def _require(module, purpose):
    try:
        return __import__(module)
    except ImportError:
        raise NotSupported(f"{purpose} needs the Python package '{module}', which is not installed "
                           f"(pip install {module})") from None


def _single_recorder(recorder):
    if not isinstance(recorder, NodeCollection) or len(recorder) != 1:
        raise TypeError("expected a NodeCollection holding one recording device")
    model = recorder.get("model")
    if recorder.get("element_type") != "recorder":
        raise TypeError(f"{model} (node {recorder.global_id}) is not a recording device")
    if recorder.get("record_to") != "memory":
        raise NotSupported(f"{model} {recorder.global_id} records to '{recorder.get('record_to')}', not to "
                           "memory: read its files instead (pandas.read_csv(path, sep='\\t', comment='#'))")
    return model


def to_pandas(recorder):
    """The events of one recorder as a pandas DataFrame: one row per event,
    one column per event field (senders, times, and what a multimeter records),
    in the order the recorder holds them."""
    _single_recorder(recorder)
    pandas = _require("pandas", "to_pandas")
    return pandas.DataFrame({key: np.asarray(values) for key, values in recorder.get("events").items()})


def _time_window(recorder):
    """(t_start, t_stop) in ms of what the recorder has seen: its activity window cut
    at the biological time."""
    from .hl_api_kernel import GetKernelStatus
    origin = recorder.get("origin")
    start = origin + recorder.get("start")
    stop = min(origin + recorder.get("stop"), GetKernelStatus("biological_time"))
    return start, max(start, stop)


def _recorded_neurons(recorder):
    from .hl_api_connections import GetConnections
    sources = GetConnections(target=recorder).get("source")
    return sorted(set(np.atleast_1d(sources).tolist()))


def _units(model, name):
    from . import _state
    fields, prefixes = _state.kernel().recordable_units(model)
    if name in fields:
        return fields[name]
    for prefix, unit in prefixes.items():
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            return unit
    return ""


def _quantity(pq, unit):
    try:
        return pq.Quantity(1.0, unit) if unit else pq.dimensionless
    except (LookupError, ValueError, SyntaxError):
        return pq.dimensionless


def to_neo(recorder):
    """The events of one recorder as a neo.Segment.

    spike_recorder: one neo.SpikeTrain (ms) per neuron connected to it, silent
    ones included (a rate statistic needs them), t_start/t_stop the recorder's
    window up to the biological time, annotated with the neuron's global id
    ('sender'); a spike's time is its recorded time (stamp minus offset).
    multimeter/voltmeter: one neo.AnalogSignal per recorded quantity, one
    channel per neuron (array_annotations 'senders'), sampled at the
    interval, in the unit of the neuron model's field (mV, pA, nS ...).
    """
    model = _single_recorder(recorder)
    neo = _require("neo", "to_neo")
    pq = _require("quantities", "to_neo")
    events = recorder.get("events")
    segment = neo.Segment(name=f"{model} {recorder.global_id}")
    senders = np.asarray(events["senders"])
    times = np.asarray(events["times"], dtype=float)
    if model == "spike_recorder":
        t_start, t_stop = _time_window(recorder)
        neurons = _recorded_neurons(recorder) or sorted(set(senders.tolist()))
        for gid in neurons:
            spikes = np.sort(times[senders == gid])
            segment.spiketrains.append(neo.SpikeTrain(spikes * pq.ms, t_start=t_start * pq.ms,
                                                      t_stop=max(t_stop, spikes[-1] if len(spikes) else t_stop) * pq.ms,
                                                      sender=int(gid)))
        return segment
    if model not in ("multimeter", "voltmeter"):
        raise NotSupported(f"to_neo converts spike_recorder, multimeter and voltmeter events, not {model}'s")
    if len(senders) == 0:
        return segment
    neurons = np.unique(senders)
    sample_times = np.unique(times)
    counts = {int(g): int(np.count_nonzero(senders == g)) for g in neurons}
    if set(counts.values()) != {len(sample_times)}:
        raise NotSupported("to_neo needs every neuron sampled at the same times (got "
                           f"{len(sample_times)} times and per-neuron counts {sorted(set(counts.values()))})")
    # Rows by time, columns by neuron.
    row = np.searchsorted(sample_times, times)
    column = np.searchsorted(neurons, senders)
    from .hl_api_info import GetStatus
    neuron_model = GetStatus(NodeCollection([int(neurons[0])]), "model")[0]
    interval = recorder.get("interval")
    for name in recorder.get("record_from"):
        data = np.empty((len(sample_times), len(neurons)))
        data[row, column] = np.asarray(events[name], dtype=float)
        unit = _quantity(pq, _units(neuron_model, name))
        signal = neo.AnalogSignal(data * unit, t_start=sample_times[0] * pq.ms, sampling_period=interval * pq.ms,
                                  name=name, array_annotations={"senders": neurons.astype(np.int64)})
        segment.analogsignals.append(signal)
    return segment
