"""Drives the C++ kernel dnn_kernel.dnn from Python: the scopes opened here are
what hp::auto_param reads in C++. -D key=value (or --define key=value)
overrides, as the C++ examples take them.

    python3 train.py -D dnn.layers=4 -D dnn.activation=sigmoid
"""
import argparse

import hyperparameter_cpp as hp
import dnn_kernel


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-D", "--define", action="append", default=[], metavar="KEY=VALUE",
                        help="set a hyperparameter (repeatable)")
    args = parser.parse_args(argv)
    try:
        with hp.scope(*args.define):          # -D overrides, typed when C++ reads them
            print(dnn_kernel.dnn(784))
            with hp.scope(**{"dnn.layers": 8}):   # a nested override
                print("nested:", dnn_kernel.dnn(784))
                print("worker thread:", dnn_kernel.dnn_on_worker(784))
            print("direct:", dnn_kernel.dnn(784, 2))  # an argument beats the scope
    except hp.Error as e:
        parser.exit(2, f"{parser.prog}: {e}\n")


if __name__ == "__main__":
    main()
