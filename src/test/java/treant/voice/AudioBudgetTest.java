package treant.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The voice role's audio is bounded in bytes: reserved from the text, settled to the frames, given back at the end. */
class AudioBudgetTest {

    final CamelContext context = new DefaultCamelContext();

    AudioBudgetTest() {
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    Exchange job(String text) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(text);
        return exchange;
    }

    static void framesOf(Exchange exchange, int frames) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            list.add(new byte[DiscordPcm.FRAME_BYTES]);
        }
        exchange.getMessage().setBody(list);
    }

    static void end(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
    }

    @Test
    void theReservationIsAnUpperBoundFromTheTextCappedPerJob() {
        AudioBudget budget = new AudioBudget(128, 150);
        // 1000 characters: at most 101 s of speech, 224 000 bytes a second (PCM and frames)
        assertThat(budget.estimate("a".repeat(1000))).isEqualTo(101 * 224_000L);
        assertThat(budget.estimate("a".repeat(100_000))).as("capped at max-audio-seconds").isEqualTo(150 * 224_000L);
    }

    @Test
    void aJobThatDoesNotFitWaitsUntilAnotherSettlesOrEnds() throws Exception {
        AudioBudget budget = new AudioBudget(1, 150); // 1 MB: one 30-character job (4 s, 896 000 bytes) at a time
        Exchange first = job("x".repeat(30));
        budget.process(first);
        assertThat(budget.used()).isEqualTo(896_000L);

        Exchange second = job("y".repeat(30));
        CompletableFuture<Void> admitted = CompletableFuture.runAsync(() -> {
            try {
                budget.process(second);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(admitted).as("over the budget: waits").isNotDone();

        // the first job's speech turned out short: 10 frames
        framesOf(first, 10);
        budget.settle(first);
        admitted.get(5, TimeUnit.SECONDS);
        assertThat(budget.used()).isEqualTo(10L * DiscordPcm.FRAME_BYTES + 896_000L);

        end(first);
        end(second);
        assertThat(budget.used()).as("all given back").isZero();
    }

    @Test
    void speechLargerThanItsReservationWaitsForRoomInsteadOfOvershooting() throws Exception {
        long budgetBytes = 1024L * 1024L;
        AudioBudget budget = new AudioBudget(1, 150);
        Exchange first = job("x".repeat(10)); // 2 s: 448 000 bytes
        Exchange second = job("y".repeat(10));
        budget.process(first);
        budget.process(second);
        assertThat(budget.used()).isEqualTo(896_000L);

        // the first job's speech turned out longer than estimated: 200 frames, 768 000 bytes
        framesOf(first, 200);
        CompletableFuture<Void> settled = CompletableFuture.runAsync(() -> {
            try {
                budget.settle(first);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(settled).as("768 000 + 448 000 bytes do not fit: waits").isNotDone();
        assertThat(budget.used()).isLessThanOrEqualTo(budgetBytes);

        // a new job arriving meanwhile would fit beside the second, but waits behind the settle
        Exchange third = job("z".repeat(10));
        CompletableFuture<Void> admitted = CompletableFuture.runAsync(() -> {
            try {
                budget.process(third);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(admitted).isNotDone();

        end(second);
        settled.get(5, TimeUnit.SECONDS);
        assertThat(budget.used()).isEqualTo(768_000L);
        Thread.sleep(300);
        assertThat(admitted).as("768 000 + 448 000 bytes do not fit either").isNotDone();
        end(first);
        admitted.get(5, TimeUnit.SECONDS);
        end(third);
        assertThat(budget.used()).as("all given back").isZero();
    }

    @Test
    void aJobBiggerThanTheWholeBudgetStillRunsAlone() throws Exception {
        AudioBudget budget = new AudioBudget(1, 150);
        Exchange big = job("z".repeat(1000));
        budget.process(big); // 22.6 MB estimate against 1 MB: nothing else holds any
        assertThat(budget.used()).isGreaterThan(1024L * 1024L);
        end(big);
        assertThat(budget.used()).isZero();
    }
}
