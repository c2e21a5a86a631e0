# SPDX-License-Identifier: GPL-2.0-or-later
"""nest.random / nest.math Parameters: specs, arithmetic, evaluation."""

import numpy as np
import pytest


def values(nest, param, n=2000):
    nodes = nest.Create("iaf_psc_alpha", n)
    nodes.V_m = param
    return np.array(nodes.V_m)


def test_specs(nest):
    assert nest.random.uniform()._spec == {"type": "uniform", "min": 0.0, "max": 1.0}
    assert nest.random.normal(mean=2, std=3)._spec == {"type": "normal", "mean": 2.0, "std": 3.0}
    assert nest.random.lognormal()._spec == {"type": "lognormal", "mean": 0.0, "std": 1.0}
    assert nest.random.exponential(beta=2.0)._spec == {"type": "exponential", "beta": 2.0}
    assert nest.random.uniform_int(5)._spec == {"type": "uniform_int", "max": 5.0}


def test_arithmetic_specs(nest):
    u = nest.random.uniform()
    assert (u + 1)._spec == {"type": "add", "a": u._spec, "b": {"type": "constant", "value": 1.0}}
    assert (2 * u)._spec["type"] == "mul" and (2 * u)._spec["a"] == {"type": "constant", "value": 2.0}
    assert (1 - u)._spec["a"] == {"type": "constant", "value": 1.0}
    assert (u / 2)._spec["type"] == "div"
    assert (3 / u)._spec["b"] == u._spec
    assert (u ** 2)._spec["type"] == "pow"
    assert (-u)._spec == {"type": "neg", "a": u._spec}
    assert (u + u)._spec["b"] == u._spec
    r = nest.math.redraw(u, min=0.2, max=0.8)
    assert r._spec == {"type": "redraw", "param": u._spec, "min": 0.2, "max": 0.8}
    assert nest.math.exp(u)._spec["type"] == "exp"
    assert nest.math.max(u, 0.5)._spec["b"] == {"type": "constant", "value": 0.5}


def test_uniform_values(nest):
    v = values(nest, nest.random.uniform(-70.0, -50.0))
    assert np.all((v >= -70) & (v < -50))
    assert abs(v.mean() - (-60.0)) < 1.0


def test_normal_values(nest):
    v = values(nest, nest.random.normal(mean=-60.0, std=2.0))
    assert abs(v.mean() + 60.0) < 0.3 and abs(v.std() - 2.0) < 0.3


def test_lognormal_exponential_uniform_int(nest):
    v = values(nest, -nest.random.lognormal(mean=0.0, std=0.5))
    assert np.all(v < 0) and abs(np.median(-v) - 1.0) < 0.1
    v = values(nest, -nest.random.exponential(beta=2.0))
    assert np.all(v <= 0) and abs(-v.mean() - 2.0) < 0.3
    v = values(nest, nest.random.uniform_int(4) - 70.0)
    assert set(v.tolist()) == {-70.0, -69.0, -68.0, -67.0}


def test_arithmetic_values(nest):
    v = values(nest, nest.random.uniform(0.0, 1.0) * 10.0 - 75.0)
    assert np.all((v >= -75) & (v < -65))
    v = values(nest, nest.math.min(nest.random.normal(-60.0, 5.0), -60.0))
    assert v.max() <= -60.0
    v = values(nest, nest.math.redraw(nest.random.normal(-60.0, 5.0), min=-61.0, max=-59.0))
    assert v.min() >= -61.0 and v.max() <= -59.0
    v = values(nest, nest.math.exp(nest.random.uniform(0.0, 1.0)) - 70.0)
    assert np.all((v >= -69.0) & (v <= -70.0 + np.e))


def test_get_value(nest):
    x = nest.random.uniform(2.0, 3.0).GetValue()
    assert isinstance(x, float) and 2.0 <= x < 3.0
    assert (nest.random.uniform() * 0.0 + 4.0).GetValue() == 4.0


def test_create_parameter(nest):
    p = nest.CreateParameter("uniform", {"min": 1.0, "max": 2.0})
    assert p._spec == {"type": "uniform", "min": 1.0, "max": 2.0}
    assert nest.CreateParameter("constant", {"value": 3.0}).GetValue() == 3.0


def test_reproducible_with_seed(nest):
    def draw(seed):
        nest.ResetKernel()
        nest.rng_seed = seed
        return values(nest, nest.random.normal(-60.0, 3.0), n=50)

    assert np.array_equal(draw(5), draw(5))
    assert not np.array_equal(draw(5), draw(6))


def test_parameter_errors(nest, errors):
    with pytest.raises(errors.BadProperty):
        nest.random.uniform(2.0, 1.0)
    with pytest.raises(errors.BadProperty):
        nest.random.normal(std=-1.0)
    with pytest.raises(errors.TypeMismatch):
        nest.random.uniform("a", 1.0)
    with pytest.raises(errors.BadProperty):
        nest.math.redraw(nest.random.normal(), min=1.0, max=0.0)
    with pytest.raises(TypeError):
        nest.random.uniform() + "x"
    with pytest.raises(errors.BadProperty):
        nest.CreateParameter("gaussian2D", {})
    with pytest.raises(errors.TypeMismatch):
        bool(nest.random.uniform())
    n = nest.Create("spike_recorder")
    with pytest.raises(errors.TypeMismatch):
        n.label = nest.random.uniform()


def test_parameter_comparisons_give_parameters(nest):
    u = nest.random.uniform(0.0, 1.0)
    assert (u > 2.0).GetValue() == 0.0 and (u >= 0.0).GetValue() == 1.0
    assert (u < 2.0).GetValue() == 1.0 and (u <= -1.0).GetValue() == 0.0
    assert (u != 5.0).GetValue() == 1.0 and (u == 5.0).GetValue() == 0.0
    nest.rng_seed = 5
    nodes = nest.Create("iaf_psc_alpha", 2000, {"V_m": -70.0 + 10.0 * (u < 0.3)})
    v = np.asarray(nodes.V_m)
    assert set(v.tolist()) == {-70.0, -60.0}
    assert abs((v == -60.0).mean() - 0.3) < 0.05  # 2000 draws: std 0.01
