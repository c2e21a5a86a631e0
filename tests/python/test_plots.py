# SPDX-License-Identifier: GPL-2.0-or-later
"""raster_plot and voltage_trace (Agg backend, no windows)."""

import numpy as np
import pytest

plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def spiking_net(nest, record_to="memory", **sr_params):
    n = nest.Create("iaf_psc_alpha", 5, params={"I_e": np.linspace(380.0, 500.0, 5)})
    sr = nest.Create("spike_recorder", params=dict(record_to=record_to, **sr_params))
    nest.Connect(n, sr)
    return n, sr


def test_raster_from_device_with_hist(nest):
    n, sr = spiking_net(nest)
    nest.Simulate(200.0)
    lines = nest.raster_plot.from_device(sr, hist=True)
    fig = plt.gcf()
    assert len(fig.axes) == 2
    raster, hist = fig.axes
    x, y = lines[0].get_data()
    assert sorted(np.asarray(x).tolist()) == sorted(sr.events["times"].tolist())
    assert set(np.asarray(y).astype(int).tolist()) <= set(n.tolist())
    assert raster.get_ylabel() == "Neuron ID"
    assert hist.get_ylabel() == "Rate (Hz)" and hist.get_xlabel() == "Time (ms)"
    assert raster.get_title() == f"Raster plot from device '{sr.global_id}'"
    assert plt.gca() is raster


def test_raster_without_hist_and_title(nest):
    _, sr = spiking_net(nest)
    nest.Simulate(200.0)
    nest.raster_plot.from_device(sr, hist=False, title="my title")
    ax = plt.gca()
    assert len(plt.gcf().axes) == 1 and ax.get_title() == "my title"
    assert ax.get_xlabel() == "Time (ms)"


def test_raster_errors(nest, errors):
    _, sr = spiking_net(nest)
    with pytest.raises(errors.NESTError, match="No events"):
        nest.raster_plot.from_device(sr)
    vm = nest.Create("voltmeter")
    with pytest.raises(errors.NESTError, match="spike_recorder"):
        nest.raster_plot.from_device(vm)
    with pytest.raises(errors.NESTError):
        nest.raster_plot.from_data(np.zeros((0, 2)))


def test_raster_from_data_and_file(nest, tmp_path):
    data = np.array([[1, 10.0], [2, 12.0], [1, 30.0]])
    lines = nest.raster_plot.from_data(data, hist=False)
    assert np.asarray(lines[0].get_xdata()).tolist() == [10.0, 12.0, 30.0]
    f = tmp_path / "sr-3-0.dat"
    f.write_text("# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\n"
                 "sender\ttime_ms\n1\t10.000\n2\t12.000\n")
    lines = nest.raster_plot.from_file(str(f), hist=True)
    assert np.asarray(lines[0].get_xdata()).tolist() == [10.0, 12.0]
    ev = nest.raster_plot.extract_events(data, time=[11.0, 40.0], sel=[1])
    assert ev.tolist() == [[1.0, 30.0]]


def test_raster_from_ascii_device(nest, tmp_path):
    nest.data_path = str(tmp_path)
    _, sr = spiking_net(nest, record_to="ascii", label="raster")
    nest.Simulate(200.0)
    lines = nest.raster_plot.from_device(sr, hist=True)
    assert len(lines[0].get_xdata()) > 0


def test_voltage_trace_from_device(nest):
    n = nest.Create("iaf_psc_alpha", 2, params={"I_e": [0.0, 300.0]})
    vm = nest.Create("voltmeter")
    nest.Connect(vm, n)
    nest.Simulate(50.0)
    lines = nest.voltage_trace.from_device(vm)
    assert len(lines) == 2
    ax = plt.gca()
    assert ax.get_ylabel() == "Membrane potential (mV)"
    assert ax.get_xlabel() == "Time (ms)"
    assert ax.get_title() == "Membrane potential"
    t, v = lines[1][0].get_data()
    t = np.asarray(t)
    assert t[:49].tolist() == pytest.approx(np.arange(1.0, 50.0).tolist())
    assert len(t) == 49  # as NEST: the samples of the last min-delay slice come with the next Simulate
    assert {text.get_text() for text in ax.get_legend().get_texts()} == {"Neuron 1", "Neuron 2"}
    nest.voltage_trace.from_device(vm, neurons=n[1], title="one", timeunit="s", grayscale=True)
    assert plt.gca().get_xlabel() == "Time (s)"


def test_voltage_trace_multimeter_and_errors(nest, errors):
    n = nest.Create("iaf_psc_alpha")
    mm = nest.Create("multimeter", {"record_from": ["V_m"]})
    nest.Connect(mm, n)
    with pytest.raises(errors.NESTError, match="No events"):
        nest.voltage_trace.from_device(mm)
    nest.Simulate(10.0)
    assert len(nest.voltage_trace.from_device(mm)) == 1
    sr = nest.Create("spike_recorder")
    with pytest.raises(errors.NESTError):
        nest.voltage_trace.from_device(sr)
    with pytest.raises(errors.NESTError):
        nest.voltage_trace.from_device(nest.Create("voltmeter", 2))


def test_import_forms(nest):
    import roost.raster_plot
    import roost.voltage_trace
    from roost import raster_plot, voltage_trace
    assert raster_plot is roost.raster_plot and voltage_trace is roost.voltage_trace


def test_voltage_trace_from_ascii_device(nest, tmp_path):
    nest.data_path = str(tmp_path)
    n = nest.Create("iaf_psc_alpha", 2, params={"I_e": [0.0, 300.0]})
    vm = nest.Create("voltmeter", params={"record_to": "ascii", "label": "vm"})
    nest.Connect(vm, n)
    nest.Simulate(10.0)
    lines = nest.voltage_trace.from_device(vm)
    assert len(lines) == 2
    t, v = lines[0][0].get_data()
    assert np.asarray(t)[:9].tolist() == pytest.approx(np.arange(1.0, 10.0).tolist())
    assert np.allclose(v, -70.0)
    lines = nest.voltage_trace.from_file(vm.filenames[0], title="file")
    assert plt.gca().get_title() == "file" and len(lines) == 2
