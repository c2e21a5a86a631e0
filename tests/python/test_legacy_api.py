# SPDX-License-Identifier: GPL-2.0-or-later
"""The legacy GetStatus/SetStatus functions and PrintNodes."""

import pytest


def test_get_status_shapes(nest):
    n = nest.Create("iaf_psc_alpha", 3)
    st = nest.GetStatus(n)
    assert isinstance(st, tuple) and len(st) == 3
    assert st[1]["global_id"] == 2 and st[0]["C_m"] == 250.0
    assert nest.GetStatus(n, "V_m") == (-70.0, -70.0, -70.0)
    assert nest.GetStatus(n[0], "V_m") == (-70.0,)
    assert nest.GetStatus(n[:2], ["V_m", "C_m"]) == ((-70.0, 250.0), (-70.0, 250.0))
    assert nest.GetStatus(nest.NodeCollection([])) == ()


def test_set_status_forms(nest):
    n = nest.Create("iaf_psc_alpha", 3)
    nest.SetStatus(n, {"I_e": 5.0})
    assert n.I_e == (5.0,) * 3
    nest.SetStatus(n, "I_e", 7.0)
    assert n.I_e == (7.0,) * 3
    nest.SetStatus(n, "I_e", [1.0, 2.0, 3.0])
    assert n.I_e == (1.0, 2.0, 3.0)
    nest.SetStatus(n, [{"V_m": -60.0}, {"V_m": -61.0}, {"V_m": -62.0}])
    assert n.V_m == (-60.0, -61.0, -62.0)
    sg = nest.Create("spike_generator", 2)
    nest.SetStatus(sg, {"spike_times": [1.0, 2.0]})
    assert [list(x) for x in sg.spike_times] == [[1.0, 2.0]] * 2


def test_legacy_errors(nest, errors, usable):
    n = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(errors.TypeMismatch):
        nest.GetStatus([1, 2])
    with pytest.raises(errors.UnknownParameter):
        nest.SetStatus(n, {"bogus": 1})
    with pytest.raises(errors.TypeMismatch):
        nest.SetStatus(n, "I_e")
    with pytest.raises(errors.TypeMismatch):
        nest.SetStatus(n, [{"I_e": 1.0}])
    assert n.I_e == (0.0, 0.0)
    usable()


def test_print_nodes(nest, capsys):
    nest.Create("iaf_psc_alpha", 10)
    nest.Create("spike_recorder")
    nest.PrintNodes()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["1", "..", "10", "iaf_psc_alpha"]
    assert lines[1].split() == ["11", "spike_recorder"]
