package io.capacitybroker.matching.bench;

import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.matching.OfferIndex;
import io.capacitybroker.matching.QuoteOption;
import io.capacitybroker.platform.money.ExchangeRates;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of {@link OfferIndex#match} over the {@link SyntheticMarket#standard()} market
 * (100,000 offers at 500 sites). Sample time gives the median and the p99. How to run it:
 * docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MatchingBenchmark {
    private OfferIndex index;
    private ExchangeRates rates;
    private final MatchRequest filtered = SyntheticMarket.benchmarkRequest();
    private final MatchRequest split = SyntheticMarket.splitRequest();

    @Setup(Level.Trial)
    public void loadMarket() {
        SyntheticMarket market = SyntheticMarket.standard();
        index = market.newIndex();
        rates = market.rates();
        if (match(filtered).isEmpty() || match(split).isEmpty()) {
            throw new IllegalStateException("the benchmark requests must find options, or they measure nothing");
        }
    }

    /** Jurisdiction (EU, SG) and certification (ISO 27001) filters over a one-week start window. */
    @Benchmark
    public List<QuoteOption> filteredOneWeek() {
        return match(filtered);
    }

    /** 512 GPUs, more than any single offer has: the split search. */
    @Benchmark
    public List<QuoteOption> splitOneWeek() {
        return match(split);
    }

    private List<QuoteOption> match(MatchRequest request) {
        return index.match(request, SyntheticMarket.NOW, SyntheticMarket.STALE_AFTER, rates);
    }

    /** Runs this benchmark; JMH's usual options (-wi, -i, -f, ...) may be given. */
    public static void main(String[] args) throws Exception {
        String[] withInclude = Arrays.copyOf(args, args.length + 1);
        withInclude[args.length] = MatchingBenchmark.class.getSimpleName();
        Main.main(withInclude);
    }
}
