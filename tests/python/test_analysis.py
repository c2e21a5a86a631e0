# SPDX-License-Identifier: GPL-2.0-or-later
"""Recordings as pandas DataFrames and NEO objects, analysed with Elephant
(roost.analysis). pandas, neo, quantities and elephant are test
requirements (scripts/setup.sh installs them); without them these tests are
skipped, visibly."""

import numpy as np
import pytest

pandas = pytest.importorskip("pandas")
neo = pytest.importorskip("neo")
pq = pytest.importorskip("quantities")
es = pytest.importorskip("elephant.statistics")

# Elephant 1.x passes copy= to quantities, which warns about it.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _poisson_parrots(nest, rate=20.0, n=100, simtime=2000.0):
    pg = nest.Create("poisson_generator", params={"rate": rate})
    parrots = nest.Create("parrot_neuron", n)
    sr = nest.Create("spike_recorder")
    nest.Connect(pg, parrots)
    nest.Connect(parrots, sr)
    nest.Simulate(simtime)
    return parrots, sr


def test_spikes_to_pandas(nest):
    parrots, sr = _poisson_parrots(nest)
    df = nest.analysis.to_pandas(sr)
    assert list(df.columns) == ["senders", "times"]
    assert len(df) == sr.n_events
    np.testing.assert_array_equal(df["times"].to_numpy(), sr.events["times"])
    assert set(df["senders"]) <= set(parrots.tolist())


def test_elephant_rate_and_cv_from_a_poisson_recording(nest):
    """Independent Poisson trains at 20 Hz: Elephant finds 20 Hz and CV 1 on the NEO trains."""
    parrots, sr = _poisson_parrots(nest, rate=20.0, n=100, simtime=2000.0)
    seg = nest.analysis.to_neo(sr)
    assert len(seg.spiketrains) == len(parrots)  # one train per recorded neuron
    assert [st.annotations["sender"] for st in seg.spiketrains] == parrots.tolist()
    assert all(st.t_stop == 2000.0 * pq.ms and st.t_start == 0.0 * pq.ms for st in seg.spiketrains)
    rates = [float(es.mean_firing_rate(st).rescale(pq.Hz)) for st in seg.spiketrains]
    assert np.mean(rates) == pytest.approx(20.0, abs=1.0)  # sd of the mean ~0.32 Hz
    cvs = [es.cv(es.isi(st)) for st in seg.spiketrains]
    assert np.mean(cvs) == pytest.approx(1.0, abs=0.05)


def test_silent_neurons_get_empty_trains(nest):
    quiet = nest.Create("iaf_psc_alpha", 2)
    busy = nest.Create("iaf_psc_alpha", params={"I_e": 500.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(quiet + busy, sr)
    nest.Simulate(200.0)
    trains = nest.analysis.to_neo(sr).spiketrains
    assert [len(st) for st in trains][:2] == [0, 0] and len(trains[2]) > 5


def test_multimeter_to_analog_signals_with_units(nest):
    n = nest.Create("iaf_cond_exp", 3, params={"I_e": [0.0, 200.0, 400.0]})
    mm = nest.Create("multimeter", params={"record_from": ["V_m", "g_ex"], "interval": 0.5})
    nest.Connect(mm, n)
    nest.Simulate(100.0)
    seg = nest.analysis.to_neo(mm)
    v, g = seg.analogsignals
    assert v.name == "V_m" and v.units == pq.mV and g.units == pq.nS
    assert v.shape == (len(np.unique(mm.events["times"])), 3)
    assert v.sampling_period == 0.5 * pq.ms
    np.testing.assert_array_equal(v.array_annotations["senders"], n.tolist())
    ev = mm.events
    last = ev["V_m"][(ev["senders"] == n[2].global_id)][-1]
    assert float(v[-1, 2].magnitude) == last


def test_clear_errors(nest, errors):
    with pytest.raises(TypeError):
        nest.analysis.to_neo(nest.Create("iaf_psc_alpha"))
    sr = nest.Create("spike_recorder", params={"record_to": "ascii"})
    with pytest.raises(errors.NotSupported, match="read its files"):
        nest.analysis.to_pandas(sr)
