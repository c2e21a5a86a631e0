# SPDX-License-Identifier: GPL-2.0-or-later
"""Replay of the NEST spatial reference cases (shared/reference/nest/spatial,
README-synapses2.md sections 6-9) with any PyNEST-compatible module.

``run_case(nest, case, seed=None)`` builds the case's network with PyNEST calls
(6.1) and returns what the reference stores: layers, connections (sorted by
source, target, weight, delay), errors and queries. ``compare_deterministic``
and ``compare_statistical`` apply the rules of 6.2 and 6.3 and return a list of
failure messages (empty: PASS). The same code runs with NEST itself
(``python spatial_cases.py --nest-python ...``), which checks the replay.
"""

import json
import math
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

REFERENCE_DIR = Path(os.environ.get("ROOST_SPATIAL_REFERENCE",
                                    "/work/shared/reference/nest/spatial"))


def case_files():
    return sorted(REFERENCE_DIR.glob("*.json")) if REFERENCE_DIR.is_dir() else []


def load_case(path):
    with open(path) as f:
        return json.load(f)


# ---------------------------------------------------------------- parameters

_SPATIAL = {"distance": ("distance", None)}
for _d, _i in (("x", 0), ("y", 1), ("z", 2)):
    _SPATIAL[f"distance.{_d}"] = ("distance", _d)
    _SPATIAL[f"source_pos.{_d}"] = ("source_pos", _d)
    _SPATIAL[f"target_pos.{_d}"] = ("target_pos", _d)
    _SPATIAL[f"pos.{_d}"] = ("pos", _d)

_CMP = {"<": "__lt__", "<=": "__le__", "==": "__eq__", "!=": "__ne__", ">=": "__ge__", ">": "__gt__"}
_CMP_CODE = {"<": 0, "<=": 1, "==": 2, "!=": 3, ">=": 4, ">": 5}


def _distribution(nest, name, args):
    """nest.spatial_distributions.<name>, or the same formula from Parameter
    arithmetic where the module lacks it."""
    sd = getattr(nest, "spatial_distributions", None)
    try:
        fn = getattr(sd, name)
    except Exception:  # noqa: BLE001 - a missing module says NotSupported
        fn = None
    if fn is not None:
        pos = [args.pop("x")] + ([args.pop("y")] if "y" in args else [])
        return fn(*pos, **args)
    exp = nest.math.exp
    x = args["x"]
    if name == "exponential":
        return exp(-1.0 * x / args.get("beta", 1.0))
    if name == "gaussian":
        mean, std = args.get("mean", 0.0), args.get("std", 1.0)
        return exp(-1.0 * (x - mean) ** 2 / (2.0 * std ** 2))
    if name == "gamma":
        kappa, theta = args.get("kappa", 1.0), args.get("theta", 1.0)
        return x ** (kappa - 1.0) * exp(-1.0 * x / theta) / (theta ** kappa * math.gamma(kappa))
    if name == "gaussian2D":
        y = args["y"]
        mx, my = args.get("mean_x", 0.0), args.get("mean_y", 0.0)
        sx, sy, rho = args.get("std_x", 1.0), args.get("std_y", 1.0), args.get("rho", 0.0)
        X = (x - mx) / sx
        Y = (y - my) / sy
        return exp(-1.0 * (X * X + Y * Y - 2.0 * rho * X * Y) / (2.0 * (1.0 - rho ** 2)))
    raise ValueError(f"unknown distribution {name}")


def make_param(nest, e):
    """Parameter expression (6.1) -> a PyNEST value."""
    if not isinstance(e, dict):
        return e
    if "spatial" in e:
        base, dim = _SPATIAL[e["spatial"]]
        p = getattr(nest.spatial, base)
        return p if dim is None else getattr(p, dim)
    if "dist" in e:
        args = {k: (make_param(nest, v) if k in ("x", "y") else v) for k, v in e.items() if k != "dist"}
        return _distribution(nest, e["dist"], args)
    if "random" in e:
        kwargs = {k: v for k, v in e.items() if k != "random"}
        return getattr(nest.random, e["random"])(**kwargs)
    if "op" in e:
        a, b = make_param(nest, e["a"]), make_param(nest, e["b"])
        op = e["op"]
        if not hasattr(a, "__add__") or isinstance(a, (int, float)):
            a, b = b, a  # keep a Parameter on the left
            return {"+": lambda: a + b, "*": lambda: a * b,
                    "-": lambda: -1.0 * a + b, "/": lambda: b / a}[op]()
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[op]()
    if "math" in e:
        fn = e["math"]
        x = make_param(nest, e["x"])
        if fn in ("min", "max"):
            return getattr(nest.math, fn)(x, e["value"])
        return getattr(nest.math, fn)(x)
    if "if" in e:
        c = e["if"]
        a, b = make_param(nest, c["a"]), make_param(nest, c["b"])
        then, other = make_param(nest, e["then"]), make_param(nest, e["else"])
        logic = getattr(nest, "logic", None)
        if logic is not None and hasattr(logic, "conditional") and hasattr(a, "__lt__"):
            try:
                return logic.conditional(getattr(a, _CMP[c["cmp"]])(b), then, other)
            except Exception:  # noqa: BLE001 - fall back to the spec form below
                pass
        return _conditional_spec(nest, a, b, c["cmp"], then, other)
    raise ValueError(f"unknown parameter expression {e}")


def _conditional_spec(nest, a, b, cmp, then, other):
    P = nest.Parameter
    spec = lambda v: v.spec() if isinstance(v, P) else {"type": "constant", "value": float(v)}  # noqa: E731
    return P({"type": "conditional",
              "condition": {"type": "compare", "a": spec(a), "b": spec(b), "comparator": _CMP_CODE[cmp]},
              "if_true": spec(then), "if_false": spec(other)})


# ---------------------------------------------------------------- protocol

def _positions(nest, pos):
    kw = {}
    if pos["type"] == "grid":
        for key in ("extent", "center"):
            if key in pos:
                kw[key] = pos[key]
        return nest.spatial.grid(shape=pos["shape"], edge_wrap=pos.get("edge_wrap", False), **kw)
    for key in ("extent", "center", "num_dimensions"):
        if key in pos:
            kw[key] = pos[key]
    p = pos["pos"]
    if isinstance(p, dict):
        p = make_param(nest, p)
    return nest.spatial.free(p, edge_wrap=pos.get("edge_wrap", False), **kw)


def _nodes(layers, sel):
    layer = layers[sel["layer"]]
    if "index" in sel:
        return layer[sel["index"]]
    if "slice" in sel:
        a, b = sel["slice"]
        return layer[a:b]
    return layer


def _plain(x):
    """Query output -> JSON-like structure (NodeCollections as id lists)."""
    if hasattr(x, "tolist") and not isinstance(x, np.ndarray) and hasattr(x, "global_id"):
        return list(x.tolist())
    if isinstance(x, np.ndarray):
        return _plain(x.tolist())
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if type(x).__name__ == "NodeCollection":
        return list(x.tolist())
    return x


def _read_dump(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.strip():
                rows.append([float(v) for v in line.split()])
    return rows


def _query(nest, layers, q):
    fn = q["fn"]
    sel = lambda key: _nodes(layers, q[key]) if "layer" in q[key] else q[key]["positions"]  # noqa: E731
    if fn == "GetPosition":
        return nest.GetPosition(_nodes(layers, q["nodes"]))
    if fn in ("Displacement", "Distance"):
        return getattr(nest, fn)(sel("from"), sel("to"))
    if fn == "FindNearestElement":
        return nest.FindNearestElement(layers[q["layer"]], q["locations"], find_all=q.get("find_all", False))
    if fn == "FindCenterElement":
        return nest.FindCenterElement(layers[q["layer"]])
    if fn in ("GetTargetNodes", "GetTargetPositions"):
        args = [_nodes(layers, q["sources"]), layers[q["target_layer"]]]
        if q.get("syn_model"):
            args.append(q["syn_model"])
        return getattr(nest, fn)(*args)
    if fn in ("GetSourceNodes", "GetSourcePositions"):
        args = [layers[q["source_layer"]], _nodes(layers, q["targets"])]
        if q.get("syn_model"):
            args.append(q["syn_model"])
        return getattr(nest, fn)(*args)
    if fn in ("DumpLayerNodes", "DumpLayerConnections"):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "dump.txt")
            if fn == "DumpLayerNodes":
                nest.DumpLayerNodes(layers[q["layer"]], path)
            else:
                nest.DumpLayerConnections(layers[q["source_layer"]], layers[q["target_layer"]],
                                          q["synapse_model"], path)
            return _read_dump(path)
    raise ValueError(f"unknown query {fn}")


def _get_position(nest, layer):
    try:
        return np.asarray(nest.GetPosition(layer), dtype=float)
    except Exception:  # noqa: BLE001 - Roost before its query functions: the layer metadata
        from roost import _layers
        return np.asarray(_layers.positions_of(layer), dtype=float)


def run_case(nest, case, seed=None, threads=None, with_queries=True):
    """Runs the protocol; returns {"layers", "connections", "errors", "queries"}."""
    p = case["protocol"]
    nest.ResetKernel()
    try:
        nest.set_verbosity("M_ERROR")
    except Exception:  # noqa: BLE001
        pass
    kernel = dict(p.get("kernel", {}))
    if threads is not None:
        kernel["local_num_threads"] = threads
    if seed is not None:
        kernel["rng_seed"] = seed
    nest.set(**kernel)
    layers = {}
    for spec in p["layers"]:
        positions = _positions(nest, spec["positions"])
        if "n" in spec:
            layers[spec["label"]] = nest.Create(spec["model"], spec["n"], positions=positions)
        else:
            layers[spec["label"]] = nest.Create(spec["model"], positions=positions)
        if spec.get("params"):
            layers[spec["label"]].set({k: make_param(nest, v) for k, v in spec["params"].items()})
    for m in p.get("synapse_models", []):
        nest.CopyModel(m["base"], m["label"], m.get("params", {}))
    out = {"layers": {}, "connections": {}, "errors": {}, "queries": {}}
    for c in p["connections"]:
        conn = {k: (make_param(nest, v) if k == "p" else v) for k, v in c["conn_spec"].items()}
        syn = {k: (make_param(nest, v) if k in ("weight", "delay") else v) for k, v in c["syn_spec"].items()}
        try:
            nest.Connect(layers[c["source"]], layers[c["target"]], conn, syn)
        except Exception as e:  # noqa: BLE001 - recorded, compared by label
            out["errors"][c["label"]] = f"{type(e).__name__}: {e}"
            continue
        conns = nest.GetConnections(source=layers[c["source"]], target=layers[c["target"]],
                                    synapse_model=c["syn_spec"]["synapse_model"])
        if len(conns):
            src = np.asarray(conns.get("source"), dtype=np.int64).ravel()
            tgt = np.asarray(conns.get("target"), dtype=np.int64).ravel()
            w = np.asarray(conns.get("weight"), dtype=float).ravel()
            d = np.asarray(conns.get("delay"), dtype=float).ravel()
            order = np.lexsort((d, w, tgt, src))
            src, tgt, w, d = src[order], tgt[order], w[order], d[order]
        else:
            src = tgt = np.zeros(0, dtype=np.int64)
            w = d = np.zeros(0)
        out["connections"][c["label"]] = {"source": src, "target": tgt, "weight": w, "delay": d}
    for label, layer in layers.items():
        out["layers"][label] = {"node_ids": list(layer.tolist()),
                                "positions": _get_position(nest, layer).reshape(len(layer), -1)}
    if with_queries:
        for q in p.get("queries", []):
            try:
                out["queries"][q["label"]] = _plain(_query(nest, layers, q))
            except Exception as e:  # noqa: BLE001
                out["queries"][q["label"]] = f"ERROR {type(e).__name__}: {e}"
    out["_layers"] = layers
    return out


# ---------------------------------------------------------------- comparison

def _close_structure(a, b, atol, where, fails):
    if isinstance(b, (list, tuple)):
        if not isinstance(a, (list, tuple)) or len(a) != len(b):
            fails.append(f"{where}: structure differs (got {str(a)[:120]}, want {str(b)[:120]})")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            _close_structure(x, y, atol, f"{where}[{i}]", fails)
            if len(fails) > 20:
                return
        return
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        if not isinstance(a, (int, float)) or not abs(a - b) <= atol:
            fails.append(f"{where}: {a} != {b}")
        return
    if a != b:
        fails.append(f"{where}: {a!r} != {b!r}")


def compare_deterministic(case, got, queries=True):
    ref, cmp = case["results"], case["compare"]
    fails = []
    for label, want in ref["layers"].items():
        g = got["layers"].get(label)
        if g is None:
            fails.append(f"layer {label} missing")
            continue
        if list(g["node_ids"]) != list(want["node_ids"]):
            fails.append(f"layer {label}: node ids differ")
        wp = np.asarray(want["positions"], dtype=float)
        if g["positions"].shape != wp.shape or not np.allclose(g["positions"], wp, rtol=0,
                                                               atol=cmp["position_atol"]):
            fails.append(f"layer {label}: positions differ")
    for label, want in ref["connections"].items():
        g = got["connections"].get(label)
        if g is None:
            fails.append(f"connection {label}: missing ({got['errors'].get(label)})")
            continue
        pairs_g = list(zip(g["source"].tolist(), g["target"].tolist()))
        pairs_w = list(zip(want["source"], want["target"]))
        if sorted(pairs_g) != sorted(pairs_w):
            missing = set(pairs_w) - set(pairs_g)
            extra = set(pairs_g) - set(pairs_w)
            fails.append(f"connection {label}: {len(pairs_g)} pairs, want {len(pairs_w)} "
                         f"(missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]})")
            continue
        # Values: compare in NEST's (source, target, weight, delay) order.
        for key, tol in (("weight", None), ("delay", cmp["delay_atol"])):
            if want.get(key) is None:
                continue
            wv = np.asarray(want[key], dtype=float)
            order_w = np.lexsort((np.asarray(want["delay"] if want.get("delay") is not None else wv),
                                  np.asarray(want["weight"] if want.get("weight") is not None else wv),
                                  np.asarray(want["target"]), np.asarray(want["source"])))
            gv = g[key]
            if key == "weight":
                ok = np.allclose(gv, wv[order_w], rtol=cmp["weight_rtol"], atol=cmp.get("weight_atol", 0))
            else:
                ok = np.allclose(gv, wv[order_w], rtol=0, atol=tol)
            if not ok:
                bad = np.nonzero(~np.isclose(gv, wv[order_w], rtol=cmp["weight_rtol"], atol=1e-9))[0][:3]
                fails.append(f"connection {label}: {key} differs at {bad.tolist()} "
                             f"(got {gv[bad].tolist()}, want {wv[order_w][bad].tolist()})")
    want_err, got_err = set(ref.get("errors", {})), set(got["errors"])
    if want_err != got_err:
        fails.append(f"errors: got {sorted(got_err)} ({[got['errors'][k] for k in sorted(got_err)]}), "
                     f"want {sorted(want_err)}")
    if queries:
        fns = {q["label"]: q["fn"] for q in case["protocol"].get("queries", [])}
        for label, want in ref.get("queries", {}).items():
            have = got["queries"].get(label)
            if fns.get(label) == "DumpLayerConnections" and isinstance(have, list):
                # NEST writes the rows in its connection order, which is no
                # part of the semantics: compare them sorted.
                have, want = sorted(have), sorted(want)
            elif fns.get(label) in ("GetTargetPositions", "GetSourcePositions") and isinstance(have, list):
                # One list per node, in NEST's connection order (no part of
                # the semantics; the node sets come from GetTargetNodes,
                # which NEST sorts): compare each list sorted.
                have = [sorted(x) if isinstance(x, list) else x for x in have]
                want = [sorted(x) if isinstance(x, list) else x for x in want]
            _close_structure(have, want, cmp.get("query_atol", 1e-9), f"query {label}", fails)
    return fails


# ---------------------------------------------------------------- statistics (6.3)

def _pool_layer(case, conn):
    cs = conn["conn_spec"]
    if cs["rule"] == "fixed_indegree" or cs.get("use_on_source"):
        return conn["source"]
    return conn["target"]


def connection_stats(case, got, label):
    """The statistics of one run for one connection label (6.3)."""
    p = case["protocol"]
    conn = next(c for c in p["connections"] if c["label"] == label)
    st = p["stats"][label]
    layers = {l["label"]: l for l in p["layers"]}
    pool = layers[_pool_layer(case, conn)]["positions"]
    g = got["connections"][label]
    src_layer, tgt_layer = got["layers"][conn["source"]], got["layers"][conn["target"]]
    sid = {n: i for i, n in enumerate(src_layer["node_ids"])}
    tid = {n: i for i, n in enumerate(tgt_layer["node_ids"])}
    s_idx = np.array([sid[s] for s in g["source"]], dtype=np.int64)
    t_idx = np.array([tid[t] for t in g["target"]], dtype=np.int64)
    d = tgt_layer["positions"][t_idx] - src_layer["positions"][s_idx] if len(s_idx) else np.zeros((0, 2))
    if pool.get("edge_wrap"):
        pool_label = _pool_layer(case, conn)
        ext = np.asarray(_layer_extent(got, pool_label, layers[pool_label]), dtype=float)
        d = d - ext * np.round(d / ext)
    dist = np.sqrt((d ** 2).sum(axis=1)) if len(d) else np.zeros(0)
    n_t, n_s = len(tgt_layer["node_ids"]), len(src_layer["node_ids"])
    indeg = np.bincount(t_idx, minlength=n_t)
    outdeg = np.bincount(s_idx, minlength=n_s)
    stats = {"n_connections": float(len(dist)),
             "distance_mean": float(dist.mean()) if len(dist) else 0.0,
             "distance_std": float(dist.std()) if len(dist) else 0.0,
             "indegree_mean": float(indeg.mean()), "indegree_std": float(indeg.std()),
             "outdegree_mean": float(outdeg.mean()), "outdegree_std": float(outdeg.std())}
    if st.get("displacement"):
        for i, ax in enumerate("xyz"[:d.shape[1]]):
            stats[f"d{ax}_mean"] = float(d[:, i].mean())
            stats[f"d{ax}_std"] = float(d[:, i].std())
        ax_, ay_ = np.abs(d[:, 0]), np.abs(d[:, 1])
        stats["absdx_absdy_corr"] = float(np.corrcoef(ax_, ay_)[0, 1]) if len(d) > 1 else 0.0
    for key in ("weight", "delay"):
        if st.get(key):
            stats[f"{key}_mean"] = float(np.mean(g[key]))
            stats[f"{key}_std"] = float(np.std(g[key]))
    edges = np.asarray(st["distance_bins"], dtype=float)
    hist = np.histogram(dist, bins=edges)[0]
    pairs = set(zip(s_idx.tolist(), t_idx.tolist()))
    inv = {"indegree_min": int(indeg.min()), "indegree_max": int(indeg.max()),
           "outdegree_min": int(outdeg.min()), "outdegree_max": int(outdeg.max()),
           "autapses": int(sum(1 for s, t in zip(g["source"], g["target"]) if s == t)),
           "multapse_extra": int(len(s_idx) - len(pairs)),
           "beyond_last_bin": int((dist > edges[-1]).sum())}
    return stats, hist, inv


def _layer_extent(got, label, spec):
    pos = spec["positions"]
    if "extent" in pos:
        return pos["extent"]
    return got["_layers"][label].spatial["extent"]


def _iid_floor(name, mean, n_conn, n_nodes, ref_summary):
    """The i.i.d. variance floor of one statistic (6.3)."""
    if name == "n_connections":
        return abs(mean)
    N = max(n_conn, 1.0)
    if name.endswith("_corr"):
        return (1.0 - mean ** 2) ** 2 / N
    if name.startswith(("indegree", "outdegree")):
        if name.endswith("_std"):
            return mean ** 2 / (2.0 * max(n_nodes, 1))
        std = ref_summary.get(name.replace("_mean", "_std"), {}).get("mean", 0.0)
        return std ** 2 / max(n_nodes, 1)
    if name.endswith("_std"):
        return mean ** 2 / (2.0 * N)
    std = ref_summary.get(name.replace("_mean", "_std"), {}).get("mean", 0.0)
    return std ** 2 / N


def compare_statistical(case, runs):
    """runs: list of (stats, hist, inv) dicts per label, one per seed. Returns
    (failures, worst ratio, worst description)."""
    ref, cmp = case["reference"], case["compare"]
    z, floor_rel, floor_abs = cmp["z"], cmp["floor_rel"], cmp["floor_abs"]
    cdf_floor = cmp.get("cdf_floor_abs", 0.002)
    fails, worst = [], (0.0, "")
    exact = case["protocol"].get("exact_invariants", {})
    n_sim = len(runs)
    for label, summary in ref["summary"].items():
        sims = [r[label] for r in runs]
        layers = {l["label"]: l for l in case["protocol"]["layers"]}
        conn = next(c for c in case["protocol"]["connections"] if c["label"] == label)
        for name, s in summary.items():
            if name == "_cdf":
                continue
            vals = np.array([st[0][name] for st in sims], dtype=float)
            m_sim, m_ref, n_ref = vals.mean(), s["mean"], s["n"]
            pooled = ((n_ref - 1) * s["std"] ** 2 + (n_sim - 1) * (vals.std(ddof=1) ** 2 if n_sim > 1 else 0.0)) \
                / max(n_ref + n_sim - 2, 1)
            n_nodes = sims[0][0]["n_nodes_in" if name.startswith("indegree") else "n_nodes_out"]
            v = max(pooled, _iid_floor(name, m_ref, summary["n_connections"]["mean"], n_nodes, summary))
            tol = z * math.sqrt(v * (1.0 / n_ref + 1.0 / n_sim)) + floor_abs + floor_rel * abs(m_ref)
            dev = abs(m_sim - m_ref)
            if dev / tol > worst[0]:
                worst = (dev / tol, f"{label}.{name}: {m_sim:.6g} vs NEST {m_ref:.6g} (tol {tol:.3g})")
            if dev > tol:
                fails.append(f"{label}.{name}: {m_sim:.6g} vs NEST {m_ref:.6g} (tol {tol:.3g})")
        cdf = summary["_cdf"]
        sim_cdf = np.array([np.cumsum(st[1]) / max(st[1].sum(), 1) for st in sims])
        N = summary["n_connections"]["mean"]
        for k, (mr, sr) in enumerate(zip(cdf["mean"], cdf["std"])):
            col = sim_cdf[:, k]
            pooled = ((cdf["n"] - 1) * sr ** 2 + (n_sim - 1) * (col.std(ddof=1) ** 2 if n_sim > 1 else 0.0)) \
                / max(cdf["n"] + n_sim - 2, 1)
            v = max(pooled, mr * (1 - mr) / max(N, 1))
            tol = z * math.sqrt(v * (1.0 / cdf["n"] + 1.0 / n_sim)) + cdf_floor + floor_abs
            dev = abs(col.mean() - mr)
            if dev / tol > worst[0]:
                worst = (dev / tol, f"{label}.distance_cdf[bin {k}]: {col.mean():.4g} vs NEST {mr:.4g}")
            if dev > tol:
                fails.append(f"{label}.distance_cdf[bin {k}]: {col.mean():.4g} vs NEST {mr:.4g} (tol {tol:.3g})")
        for inv in exact.get(label, []):
            want = ref["invariants"][label][inv]
            for st in sims:
                if st[2][inv] != want:
                    fails.append(f"{label}.{inv}: {st[2][inv]} != {want}")
        exp = ref.get("expected", {}).get(label)
        if exp:
            vals = np.array([st[0]["n_connections"] for st in sims])
            tol = z * math.sqrt(exp["n_connections_var"] / n_sim)
            dev = abs(vals.mean() - exp["n_connections"])
            if dev / tol > worst[0]:
                worst = (dev / tol, f"{label}.n_connections vs exact {exp['n_connections']:.1f}: {vals.mean():.1f}")
            if dev > tol:
                fails.append(f"{label}.n_connections: {vals.mean():.1f} vs exact expectation "
                             f"{exp['n_connections']:.1f} (tol {tol:.3g})")
        del layers, conn
    return fails, worst[0], worst[1]


def run_statistical(nest, case, seeds, threads=None):
    runs = []
    for seed in seeds:
        got = run_case(nest, case, seed=seed, threads=threads, with_queries=False)
        per = {}
        for label in case["protocol"]["stats"]:
            stats, hist, inv = connection_stats(case, got, label)
            conn = next(c for c in case["protocol"]["connections"] if c["label"] == label)
            stats["n_nodes_in"] = len(got["layers"][conn["target"]]["node_ids"])
            stats["n_nodes_out"] = len(got["layers"][conn["source"]]["node_ids"])
            per[label] = (stats, hist, inv)
        runs.append(per)
    return compare_statistical(case, runs)


def check_case(nest, case, seeds=(101, 202, 303), threads=None):
    """PASS/FAIL of one case: (ok, messages)."""
    if case["kind"] == "deterministic":
        got = run_case(nest, case, threads=threads)
        fails = compare_deterministic(case, got)
        return not fails, fails
    fails, ratio, worst = run_statistical(nest, case, seeds, threads=threads)
    return not fails, fails + [f"worst {ratio:.2f}: {worst}"]


def main(argv=None):
    import argparse
    import importlib
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sim", default="roost", help="module to import as nest (roost or nest)")
    ap.add_argument("--seeds", type=int, nargs="*", default=[101, 202, 303])
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args(argv)
    nest = importlib.import_module(a.sim)
    paths = a.paths or [str(p) for p in case_files()]
    passed = 0
    for path in paths:
        case = load_case(path)
        try:
            ok, msgs = check_case(nest, case, seeds=a.seeds, threads=a.threads)
        except Exception as e:  # noqa: BLE001
            ok, msgs = False, [f"{type(e).__name__}: {e}"]
        passed += ok
        print(f"{'PASS' if ok else 'FAIL'} {case['name']}")
        for m in msgs[:8]:
            print("    " + m)
    print(f"passed {passed}/{len(paths)}")
    return 0 if passed == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
