# SPDX-License-Identifier: GPL-2.0-or-later
"""The spatial plots of PyNEST (matplotlib): PlotLayer, PlotTargets,
PlotSources, PlotProbabilityParameter, with NEST 3.10's look: nodes as
dots, the layer's extent as a thin grey frame with a 5 % margin, equal
aspect and no ticks; the driver node as a large translucent red dot behind
the others; masks as translucent yellow patches with a black edge (repeated
at the 8 periodic images when the layer wraps); a probability Parameter as
an image clipped to [0, 1] with a colour bar.

Masks are drawn from the dict the user gives Connect
(``{"circular": {"radius": r}, "anchor": [x, y]}``; circular, doughnut,
rectangular with azimuth_angle, elliptical), as NEST draws them.
"""

import numpy as np

from . import _layers
from .node_collection import NodeCollection

__all__ = ["PlotLayer", "PlotTargets", "PlotSources", "PlotProbabilityParameter"]


def _pyplot():
    # imported here so a user can still choose the matplotlib backend after importing nest
    import matplotlib.pyplot as plt
    return plt


def _draw_extent(ax, center, extent):
    """Thin grey frame around the layer; limits 5 % outside; equal aspect, no ticks."""
    plt = _pyplot()
    (xc, yc), (xe, ye) = center[:2], extent[:2]
    llx, lly = xc - xe / 2.0, yc - ye / 2.0
    ax.add_patch(plt.Rectangle((llx, lly), xe, ye, fc="none", ec="0.5", lw=1, zorder=1))
    ax.set(aspect="equal", xlim=(llx - 0.05 * xe, llx + xe + 0.05 * xe),
           ylim=(lly - 0.05 * ye, lly + ye + 0.05 * ye), xticks=(), yticks=())


def _axes(fig, three_d=False):
    plt = _pyplot()
    if fig is None:
        fig = plt.figure()
        ax = fig.add_subplot(111, projection="3d") if three_d else fig.add_subplot(111)
    else:
        ax = fig.gca()
    return fig, ax


def _layer(nc, what):
    if not isinstance(nc, NodeCollection):
        raise TypeError(f"{what} must be a NodeCollection.")
    return _layers.require_layer(nc)


def PlotLayer(layer, fig=None, nodecolor="b", nodesize=20):
    """Plot the nodes of a 2D or 3D layer; returns the figure."""
    lay = _layer(layer, "layer")
    pos = _layers.positions_of(layer)
    if lay.dim == 2:
        fig, ax = _axes(fig)
        ax.scatter(pos[:, 0], pos[:, 1], s=nodesize, facecolor=nodecolor)
        _draw_extent(ax, lay.center, lay.extent)
    elif lay.dim == 3:
        fig, ax = _axes(fig, three_d=True)
        ax.scatter(pos[:, 0], pos[:, 1], pos[:, 2], s=nodesize, c=nodecolor)
        _pyplot().draw_if_interactive()
    else:
        raise ValueError("unexpected dimension of layer")
    return fig


def _plot_connected(driver, pool, positions, fig, mask, probability_parameter, driver_color,
                    driver_size, pool_color, pool_size, mask_color, probability_cmap):
    """What PlotTargets and PlotSources share: the connected pool nodes, the
    driver, the mask and kernel, the extent."""
    lay = _layers.require_layer(pool)
    dpos = np.asarray(_layers.positions_of(driver)[0])
    if lay.dim == 2:
        fig, ax = _axes(fig)
        if positions:
            p = np.asarray(positions, dtype=np.float64).reshape(-1, 2)
            ax.scatter(p[:, 0], p[:, 1], s=pool_size, facecolor=pool_color)
        ax.scatter(dpos[:1], dpos[1:2], s=driver_size, facecolor=driver_color, alpha=0.4, zorder=-10)
        if mask is not None or probability_parameter is not None:
            (xc, yc), (xe, ye) = lay.center, lay.extent
            PlotProbabilityParameter(driver, probability_parameter, mask=mask,
                                     edges=[xc - xe, xc + xe, yc - ye, yc + ye], ax=ax,
                                     prob_cmap=probability_cmap, mask_color=mask_color)
        _draw_extent(ax, lay.center, lay.extent)
    else:
        fig, ax = _axes(fig, three_d=True)
        if positions:
            p = np.asarray(positions, dtype=np.float64).reshape(-1, 3)
            ax.scatter3D(p[:, 0], p[:, 1], p[:, 2], s=pool_size, facecolor=pool_color)
        ax.scatter3D(dpos[:1], dpos[1:2], dpos[2:], s=driver_size, facecolor=driver_color,
                     alpha=0.4, zorder=-10)
    _pyplot().draw_if_interactive()
    return fig


def PlotTargets(src_nrn, tgt_layer, syn_type=None, fig=None, mask=None, probability_parameter=None,
                src_color="red", src_size=50, tgt_color="blue", tgt_size=20, mask_color="yellow",
                probability_cmap="Greens"):
    """Plot the targets of one source node in tgt_layer, optionally with the
    mask (a mask dict) and the probability Parameter used to connect."""
    from .hl_api_spatial import GetTargetPositions
    if not isinstance(src_nrn, NodeCollection) or len(src_nrn) != 1:
        raise TypeError("src_nrn must be a single element NodeCollection.")
    _layer(tgt_layer, "tgt_layer")
    positions = GetTargetPositions(src_nrn, tgt_layer, syn_type)[0]
    return _plot_connected(src_nrn, tgt_layer, positions, fig, mask, probability_parameter,
                           src_color, src_size, tgt_color, tgt_size, mask_color, probability_cmap)


def PlotSources(src_layer, tgt_nrn, syn_type=None, fig=None, mask=None, probability_parameter=None,
                tgt_color="red", tgt_size=50, src_color="blue", src_size=20, mask_color="yellow",
                probability_cmap="Greens"):
    """Plot the sources of one target node in src_layer, optionally with the
    mask and the probability Parameter used to connect."""
    from .hl_api_spatial import GetSourcePositions
    if not isinstance(tgt_nrn, NodeCollection) or len(tgt_nrn) != 1:
        raise TypeError("tgt_nrn must be a single element NodeCollection.")
    _layer(src_layer, "src_layer")
    positions = GetSourcePositions(src_layer, tgt_nrn, syn_type)[0]
    return _plot_connected(tgt_nrn, src_layer, positions, fig, mask, probability_parameter,
                           tgt_color, tgt_size, src_color, src_size, mask_color, probability_cmap)


# ---------------------------------------------------------------- masks

def _mask_dict(mask):
    """A mask as a dict: the user's dict, or the dict form of a CreateMask object."""
    if isinstance(mask, dict):
        return mask
    for attr in ("_spec", "spec", "_dict", "dict"):
        d = getattr(mask, attr, None)
        d = d() if callable(d) else d
        if isinstance(d, dict):
            return d
    raise ValueError("Mask type cannot be plotted with this version of PyNEST.")


def _periodic_images(center, extent):
    ex, ey = extent[0], extent[1]
    return [center + np.array(s) for s in ((ex, 0), (-ex, 0), (0, ey), (0, -ey), (ex, -ey),
                                           (-ex, ey), (ex, ey), (-ex, -ey))]


def _ring_path(center, r_in, r_out):
    import matplotlib.path as mpath
    t = np.linspace(0.0, 2 * np.pi, 629)
    outer = np.column_stack([r_out * np.cos(t), r_out * np.sin(t)])
    inner = np.column_stack([r_in * np.cos(t), r_in * np.sin(t)])[::-1]
    verts = np.concatenate([outer, inner]) + center
    codes = np.full(len(verts), mpath.Path.LINETO, dtype=mpath.Path.code_type)
    codes[0] = codes[len(outer)] = mpath.Path.MOVETO
    return mpath.Path(verts, codes)


def _mask_patches(mask, ax, periodic, extent, driver_pos, face_color="yellow"):
    """matplotlib patches of a 2D mask around driver_pos (and its periodic images)."""
    import matplotlib.patches as mpatches
    import matplotlib.transforms as mtransforms
    mask = _mask_dict(mask)
    style = dict(fc=face_color, ec="black", alpha=0.2, lw=2)
    anchor = np.asarray(mask.get("anchor", [0.0, 0.0]), dtype=np.float64)[:2]
    base = np.asarray(driver_pos, dtype=np.float64)[:2] + anchor

    if "circular" in mask:
        r = mask["circular"]["radius"]
        make = lambda c: mpatches.Circle(c, radius=r, **style)  # noqa: E731
    elif "doughnut" in mask:
        r_in, r_out = mask["doughnut"]["inner_radius"], mask["doughnut"]["outer_radius"]
        make = lambda c: mpatches.PathPatch(_ring_path(c, r_in, r_out), **style)  # noqa: E731
    elif "rectangular" in mask:
        spec = mask["rectangular"]
        ll, ur = np.asarray(spec["lower_left"], float), np.asarray(spec["upper_right"], float)
        width, height = ur - ll
        angle = spec.get("azimuth_angle", 0.0)
        base = base + ll

        def make(corner):
            patch = mpatches.Rectangle(corner, width, height, **style)
            cx, cy = corner[0] + width / 2, corner[1] + height / 2
            patch.set_transform(mtransforms.Affine2D().rotate_deg_around(cx, cy, angle) + ax.transData)
            return patch
    elif "elliptical" in mask:
        spec = mask["elliptical"]
        base = base + np.asarray(spec.get("anchor", [0.0, 0.0]), float)
        make = lambda c: mpatches.Ellipse(c, spec["major_axis"], spec["minor_axis"],  # noqa: E731
                                          angle=spec.get("azimuth_angle", 0.0), **style)
    else:
        raise ValueError("Mask type cannot be plotted with this version of PyNEST.")
    centers = [base] + (_periodic_images(base, extent) if periodic else [])
    return [make(c) for c in centers]


def PlotProbabilityParameter(source, parameter=None, mask=None, edges=(-0.5, 0.5, -0.5, 0.5),
                             shape=(100, 100), ax=None, prob_cmap="Greens", mask_color="yellow"):
    """Plot a connection probability Parameter (values between source and each
    point of a grid over edges = [x_min, x_max, y_min, y_max], clipped to
    [0, 1]) and/or a mask dict around the source node."""
    plt = _pyplot()
    if parameter is None and mask is None:
        raise ValueError("At least one of parameter or mask must be specified")
    if ax is None:
        _, ax = plt.subplots()
    ax.set_xlim(*edges[:2])
    ax.set_ylim(*edges[2:])
    if parameter is not None:
        xs = np.linspace(edges[0], edges[1], shape[0])
        ys = np.linspace(edges[2], edges[3], shape[1])
        gx, gy = np.meshgrid(xs, ys)  # rows: y, columns: x
        points = np.column_stack([gx.ravel(), gy.ravel()]).tolist()
        z = np.asarray(parameter.apply(source, points), dtype=np.float64).reshape(len(ys), len(xs))
        img = ax.imshow(np.clip(z, 0.0, 1.0), extent=list(edges), origin="lower", cmap=prob_cmap,
                        vmin=0.0, vmax=1.0)
        plt.colorbar(img, ax=ax, fraction=0.046, pad=0.04)
    if mask is not None:
        lay = _layers.require_layer(source)
        driver = _layers.positions_of(source)[0]
        for patch in _mask_patches(mask, ax, lay.edge_wrap, lay.extent, driver, face_color=mask_color):
            patch.set_zorder(0.5)
            ax.add_patch(patch)
