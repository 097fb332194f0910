"""Every hp:: error is a Python exception of its own, with the C++ message."""
import subprocess
import sys

import pytest

import hyperparameter_cpp as hp

ERRORS = [hp.InvalidKey, hp.MissingParameter, hp.ConversionError, hp.ParseError, hp.UnknownParameter,
          hp.IoError, hp.DeclarationConflict, hp.HashCollision, hp.UsageError]


def test_hierarchy():
    assert issubclass(hp.Error, ValueError)
    for e in ERRORS:
        assert issubclass(e, hp.Error) and e is not hp.Error
    assert len({e.__name__ for e in ERRORS}) == len(ERRORS)


def test_invalid_key():
    with pytest.raises(hp.InvalidKey) as e:
        hp.get("dnn..layers", 1)
    assert str(e.value) == "hp::invalid_key: key 'dnn..layers' is invalid at position 4: empty segment"
    assert e.value.key == "dnn..layers"
    with pytest.raises(hp.InvalidKey, match="'a b'"):
        hp.scope(**{"a b": 1})


def test_missing_parameter():
    with pytest.raises(hp.MissingParameter) as e:
        hp.get("dnn.layers")
    assert str(e.value) == "hp::missing_parameter: key 'dnn.layers' is not set"
    with hp.scope(**{"dnn.layers": 1}):
        with pytest.raises(hp.MissingParameter, match="names a group of parameters"):
            hp.get("dnn")
    with hp.scope("a=${nowhere}"):
        with pytest.raises(hp.MissingParameter, match="nowhere"):
            hp.get("a", "")


def test_conversion_error():
    with hp.scope("dnn.layers=4.5"):
        with pytest.raises(hp.ConversionError) as e:
            hp.get("dnn.layers", 1)
    assert str(e.value).startswith("hp::conversion_error: key 'dnn.layers' = \"4.5\" is not a valid ")
    assert "define 'dnn.layers=4.5'" in str(e.value)
    with hp.scope(flag=True):
        with pytest.raises(hp.ConversionError, match="flag"):
            hp.get("flag", 1.0)  # a bool is no float, as in C++
    with pytest.raises(hp.ConversionError, match="'big'.*out of range"):
        hp.scope(big=2 ** 70)
    with pytest.raises(hp.ConversionError, match="'d' = {}"):
        hp.scope(d={})


def test_parse_error():
    with pytest.raises(hp.ParseError) as e:
        hp.scope("=3")
    assert str(e.value) == "hp::parse_error: define '=3': missing key before '='"
    with hp.scope("a=${b}", "b=${a}"):
        with pytest.raises(hp.ParseError, match="cycle"):
            hp.get("a", "")


def test_unknown_parameter_and_every_error_from_cpp():
    ext = pytest.importorskip("hp_test_ext")
    with pytest.raises(hp.UnknownParameter, match="did you mean 'ext.declared_ratio'"):
        ext.throw_error("unknown_parameter")
    with pytest.raises(hp.InvalidKey, match="'bad key'"):
        ext.throw_error("invalid_key")
    with pytest.raises(hp.MissingParameter, match="ext.nobody.set.this"):
        ext.throw_error("missing_parameter")
    with pytest.raises(hp.ConversionError, match="ext.layers"):
        ext.throw_error("conversion_error")
    with pytest.raises(hp.ParseError, match="missing key"):
        ext.throw_error("parse_error")
    with pytest.raises(hp.DeclarationConflict, match="^hp::declaration_conflict: parameter 'ext.twice'") as conflict:
        ext.throw_error("declaration_conflict")
    assert conflict.value.key == "ext.twice"
    with pytest.raises(hp.HashCollision, match="^hp::hash_collision: keys 'ext.a' and 'ext.b' have the same hash$"):
        ext.throw_error("hash_collision")
    with pytest.raises(hp.UsageError, match="^hp::usage_error: hp::sweep needs at least one thread"):
        ext.throw_error("usage_error")
    with pytest.raises(hp.Error, match="thrown by the extension") as e:
        ext.throw_error("error")
    assert type(e.value) is hp.Error
    with pytest.raises(RuntimeError, match="std::runtime_error"):
        ext.throw_error("std")
    assert hp.get("ext.layers", 0) == 0  # the C++ scope closed on the way out


def test_load_config_errors():
    with pytest.raises(hp.IoError, match="^hp::io_error: cannot load config 'no-such-file.yaml': no such file$"):
        hp.load_config("no-such-file.yaml")
    with pytest.raises(hp.IoError, match="unknown extension '.ini'"):
        hp.load_config("c.ini")


def test_the_interpreter_survives_misuse():
    # Scopes left open at exit, closed out of order, on other threads: a
    # process that still exits normally, printing what it printed.
    code = """
import threading, hyperparameter_cpp as hp
a = hp.scope(x=1); a.__enter__()
b = hp.scope(x=2); b.__enter__()
try: a.__exit__(None, None, None)
except hp.Error: print("refused")
t = threading.Thread(target=lambda: hp.scope(y=1).__enter__()); t.start(); t.join()
print("done", hp.get("x", 0))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["refused", "done", "2"]
