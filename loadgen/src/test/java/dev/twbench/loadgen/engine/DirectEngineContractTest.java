package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.Transport;

class DirectEngineContractTest extends EngineContract {
    @Override
    Transport transport() {
        return Transport.DIRECT;
    }
}
