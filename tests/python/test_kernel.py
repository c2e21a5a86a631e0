# SPDX-License-Identifier: GPL-2.0-or-later
"""Kernel status in its three styles, verbosity, ResetKernel, process info."""

import pytest


def test_kernel_status_dict_has_contract_keys(nest):
    status = nest.GetKernelStatus()
    for key in ("resolution", "rng_seed", "local_num_threads", "total_num_virtual_procs",
                "print_time", "overwrite_files", "data_path", "data_prefix",
                "biological_time", "network_size", "num_connections", "min_delay",
                "max_delay", "num_processes", "rank", "time_construction_create",
                "time_construction_connect", "time_simulate"):
        assert key in status, key
    assert status["network_size"] == 0
    assert status["biological_time"] == 0.0
    assert status["num_processes"] == 1 and status["rank"] == 0


def test_get_kernel_status_single_and_list(nest):
    assert nest.GetKernelStatus("resolution") == nest.GetKernelStatus()["resolution"]
    res, size = nest.GetKernelStatus(["resolution", "network_size"])
    assert size == 0 and res > 0


def test_set_kernel_status_dict(nest):
    nest.SetKernelStatus({"resolution": 0.2, "rng_seed": 12})
    assert nest.GetKernelStatus("resolution") == pytest.approx(0.2)
    assert nest.GetKernelStatus("rng_seed") == 12


def test_module_attributes_read_and_write(nest):
    nest.resolution = 0.05
    assert nest.resolution == pytest.approx(0.05)
    nest.rng_seed = 1234
    assert nest.rng_seed == 1234
    nest.local_num_threads = 2
    assert nest.local_num_threads == 2
    nest.print_time = True
    assert nest.print_time is True
    nest.overwrite_files = True
    assert nest.overwrite_files is True
    nest.data_prefix = "run1_"
    assert nest.data_prefix == "run1_"
    assert nest.biological_time == 0.0
    assert nest.network_size == 0
    assert nest.num_connections == 0
    assert isinstance(nest.kernel_status, dict)


def test_total_num_virtual_procs(nest):
    nest.total_num_virtual_procs = 2
    assert nest.total_num_virtual_procs == 2
    assert nest.local_num_threads == 2


def test_set_and_get_functions(nest):
    nest.set(resolution=0.25, rng_seed=7)
    assert nest.get("resolution") == pytest.approx(0.25)
    assert nest.get("rng_seed") == 7
    params = {"rng_seed": 9}
    nest.set(**params)
    assert nest.rng_seed == 9
    assert nest.get("rng_seed", "resolution") == {"rng_seed": 9, "resolution": 0.25}
    assert "biological_time" in nest.get()


def test_unknown_kernel_attribute_raises(nest, errors, usable):
    with pytest.raises(AttributeError, match="foo"):
        nest.foo = 1
    with pytest.raises(errors.NESTError, match="resolutoin"):
        nest.resolutoin = 0.1
    assert "foo" not in vars(nest)
    with pytest.raises(AttributeError):
        nest.foo  # noqa: B018
    usable()


def test_unknown_kernel_key_in_set_kernel_status(nest, errors, usable):
    with pytest.raises(errors.UnknownParameter):
        nest.SetKernelStatus({"no_such_key": 1})
    with pytest.raises(errors.UnknownParameter):
        nest.set(no_such_key=1)
    with pytest.raises(errors.UnknownParameter, match="rng_seed"):
        nest.SetKernelStatus({"rng_seeds": [1, 2]})
    with pytest.raises(errors.UnknownParameter):
        nest.GetKernelStatus("no_such_key")
    usable()


def test_read_only_kernel_keys_raise(nest, errors, usable):
    for key in ("biological_time", "network_size", "num_connections"):
        with pytest.raises(errors.BadProperty, match=key):
            setattr(nest, key, 5)
    usable()


def test_biological_time_can_be_set_to_zero(nest, errors, usable):
    # NEST accepts biological_time 0.0 with other keys (NEST regression test
    # ticket-619); sensitivity_to_perturbation.py does it before each trial.
    nest.SetKernelStatus({"biological_time": 0.0, "rng_seed": 1})
    assert nest.rng_seed == 1
    assert nest.biological_time == 0.0
    nest.biological_time = 0.0
    nest.set(biological_time=0.0)
    with pytest.raises(errors.BadProperty, match="biological_time"):
        nest.SetKernelStatus({"biological_time": 2.0})
    with pytest.raises(errors.TypeMismatch):
        nest.biological_time = "zero"
    nest.Simulate(5.0)
    # NEST would rewind the clock here; Roost says plainly that it cannot
    with pytest.raises(errors.NotSupported, match="biological_time"):
        nest.biological_time = 0.0
    assert nest.biological_time == pytest.approx(5.0)
    usable()


def test_bad_kernel_values(nest, errors, usable):
    with pytest.raises(errors.BadProperty):
        nest.resolution = -0.1
    with pytest.raises(errors.BadProperty):
        nest.resolution = 0.0
    with pytest.raises(errors.TypeMismatch):
        nest.resolution = "fine"
    assert nest.resolution == pytest.approx(0.1)
    usable()


def test_resolution_after_nodes_exist_raises(nest, errors):
    nest.Create("iaf_psc_alpha")
    with pytest.raises(errors.NESTError):
        nest.resolution = 0.5
    assert nest.resolution == pytest.approx(0.1)


def test_reset_kernel_restores_defaults_and_ids(nest):
    nest.resolution = 0.5
    nest.rng_seed = 99
    nodes = nest.Create("iaf_psc_alpha", 5)
    assert nodes.tolist() == [1, 2, 3, 4, 5]
    nest.ResetKernel()
    assert nest.resolution == pytest.approx(0.1)
    assert nest.network_size == 0
    assert nest.Create("iaf_psc_alpha", 2).tolist() == [1, 2]


def test_reset_kernel_forgets_copied_models_and_connections(nest, errors):
    nest.CopyModel("static_synapse", "my_syn", {"weight": 3.0})
    a = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(a, a)
    assert nest.num_connections == 4
    nest.ResetKernel()
    assert nest.num_connections == 0
    assert "my_syn" not in nest.Models()
    with pytest.raises(errors.UnknownModelName):
        nest.GetDefaults("my_syn")


def test_verbosity_styles(nest):
    assert nest.verbosity == nest.VerbosityLevel.INFO
    nest.verbosity = nest.VerbosityLevel.WARNING
    assert nest.get_verbosity() == nest.VerbosityLevel.WARNING
    nest.set_verbosity("M_ERROR")
    assert nest.verbosity == nest.VerbosityLevel.ERROR
    nest.set_verbosity(20)
    assert nest.verbosity == nest.VerbosityLevel.WARNING
    nest.SetKernelStatus({"verbosity": nest.VerbosityLevel.FATAL})
    assert nest.GetKernelStatus("verbosity") == nest.VerbosityLevel.FATAL


def test_reset_kernel_keeps_verbosity(nest):
    # NEST's ResetKernel leaves the logger alone; scripts rely on the order
    # set_verbosity(...) then ResetKernel() (one_neuron.py, twoneurons.py, ...).
    nest.set_verbosity("M_WARNING")
    nest.ResetKernel()
    assert nest.verbosity == nest.VerbosityLevel.WARNING
    assert nest.GetKernelStatus("verbosity") == nest.VerbosityLevel.WARNING


def test_verbosity_m_names(nest):
    # NEST 3.x (before 3.10) scripts write nest.set_verbosity(nest.verbosity.M_WARNING)
    nest.set_verbosity(nest.verbosity.M_WARNING)
    assert nest.verbosity == nest.VerbosityLevel.WARNING == 20
    assert nest.VerbosityLevel.M_ERROR is nest.VerbosityLevel.ERROR
    nest.verbosity = nest.VerbosityLevel.M_INFO
    assert nest.verbosity == nest.VerbosityLevel.INFO
    # the aliases are not extra levels
    assert [m.name for m in nest.VerbosityLevel] == [
        "ALL", "DEBUG", "STATUS", "INFO", "DEPRECATED", "WARNING", "ERROR", "FATAL", "QUIET"]


def test_verbosity_levels_enum(nest):
    levels = nest.VerbosityLevel
    for name in ("FATAL", "ERROR", "WARNING", "INFO", "DEPRECATED", "ALL"):
        assert name in levels.__members__
    assert levels.ALL < levels.INFO < levels.DEPRECATED < levels.WARNING < levels.ERROR < levels.FATAL
    assert levels.WARNING == 20 and levels.INFO == 10


def test_bad_verbosity(nest, errors):
    with pytest.raises(errors.UnknownParameter):
        nest.set_verbosity("M_LOUD")
    with pytest.raises(errors.TypeMismatch):
        nest.verbosity = 1.5


def test_message_respects_verbosity(nest, capsys):
    nest.set_verbosity("M_WARNING")
    nest.message(nest.VerbosityLevel.INFO, "test", "hidden text")
    nest.message(nest.VerbosityLevel.ERROR, "test", "shown text")
    nest.set_verbosity("M_ALL")
    nest.message("plain text")
    out = capsys.readouterr()
    assert "hidden text" not in out.out + out.err
    assert "shown text" in out.err
    assert "plain text" in out.out


def test_rank_num_processes(nest):
    assert nest.Rank() == 0
    assert nest.NumProcesses() == 1


def test_install_raises_clear_error(nest, errors, usable):
    with pytest.raises(errors.NESTError, match="not supported"):
        nest.Install("nestmlmodule")
    usable()


def test_available_backends_and_version(nest):
    backends = nest.available_backends()
    assert backends[0] == "cpu"
    assert isinstance(nest.__version__, str) and nest.__version__


def test_nesterrors_namespace_is_kernel_classes(nest):
    from roost import _roost
    ne = nest.NESTErrors
    assert ne.BadProperty is _roost.BadProperty
    assert ne.UnknownModelName is _roost.UnknownModelName
    assert nest.kernel.NESTError is _roost.NESTError
    assert nest.kernel.NESTErrors is ne
    assert issubclass(ne.BadProperty, ValueError)
    assert issubclass(ne.UnknownParameter, KeyError)
    assert issubclass(ne.TypeMismatch, TypeError)
    assert issubclass(ne.UnknownAttribute, AttributeError)
    assert issubclass(ne.UnknownAttribute, ne.UnknownParameter)


def test_submodules_importable(nest):
    import importlib
    for name in ("random", "math", "raster_plot", "voltage_trace", "kernel", "spatial"):
        mod = importlib.import_module(f"roost.{name}")
        assert getattr(nest, name) is mod
    from roost import raster_plot, voltage_trace  # noqa: F401


def test_spatial_submodules(nest):
    assert isinstance(nest.spatial.grid(shape=[3, 3]), nest.spatial.grid)
    import roost.logic
    import roost.spatial_distributions
    assert nest.logic is roost.logic and nest.spatial_distributions is roost.spatial_distributions


def test_unsupported_nest_names_say_so(nest, errors):
    assert not hasattr(nest, "SonataNetwork")
    with pytest.raises(errors.NotSupported, match="not supported"):
        nest.SonataNetwork  # noqa: B018
    with pytest.raises(AttributeError):
        nest.CollocatedSynapses({"weight": 1.0})


def test_build_info_memory_size_local_nodes(nest):
    assert nest.build_info["version"] == nest.__version__
    assert nest.memory_size > 0
    n = nest.Create("iaf_psc_alpha", 3)
    assert nest.GetLocalNodeCollection(n) == n
    assert n.local == (True, True, True)


def test_build_info_has_nest_keys(nest):
    info = nest.build_info
    # NEST's conftest reads have_threads and have_boost for every test.
    for key in ("have_threads", "have_boost", "have_gsl", "have_mpi", "have_hdf5", "have_music",
                "threads_model", "hostos", "test_exitcodes", "built", "ndebug"):
        assert key in info, key
    assert info["have_threads"] is True
    assert info["test_exitcodes"]["success"] == 0


def test_nest_only_kernel_keys(nest):
    assert nest.rng_types == ["Philox_32"] and nest.rng_type == "Philox_32"
    nest.rng_type = "Philox_32"  # the one generator is accepted
    with pytest.raises(nest.NESTErrors.BadProperty, match="rng_type"):
        nest.rng_type = "mt19937"
    nest.resolution = 0.25
    assert nest.tics_per_step == 250
    assert "pairwise_bernoulli" in nest.connection_rules
    assert nest.recording_backends == ["ascii", "memory", "screen"]
    assert "iaf_psc_alpha" in nest.GetKernelStatus()["node_models"]
    assert nest.T_min == -nest.T_max and nest.T_max > 1e15
    with pytest.raises(nest.NESTErrors.BadProperty, match="read-only"):
        nest.SetKernelStatus({"connection_rules": []})
    with pytest.raises(nest.NESTErrors.BadProperty, match="read-only"):
        nest.mpi_rank = 3


def test_nest_error_classes_all_named(nest):
    errors = nest.NESTErrors
    for name in ("UnaccessedDictionaryEntry", "NumericalInstability", "BadParameter",
                 "UnknownReceptorType", "InexistentConnection", "StepMultipleRequired"):
        assert issubclass(getattr(errors, name), nest.NESTError), name
    # An unknown key in a dict is NEST's UnaccessedDictionaryEntry.
    with pytest.raises(errors.UnaccessedDictionaryEntry):
        nest.Create("iaf_psc_alpha", params={"V_mm": -50.0})


def test_communication_knobs_settable_and_reset(nest):
    assert nest.use_compressed_spikes is True and nest.keep_source_table is True
    nest.set(use_compressed_spikes=False, keep_source_table=False)
    assert nest.GetKernelStatus(["use_compressed_spikes", "keep_source_table"]) == (False, False)
    with pytest.raises(nest.NESTErrors.TypeMismatch):
        nest.use_compressed_spikes = 3
    nest.ResetKernel()
    assert nest.use_compressed_spikes is True
