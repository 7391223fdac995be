package treant.interactions;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Treant's repertoire. Written for this bot; a random one per {@code /treant pun}. */
public final class Puns {

    static final List<String> ALL = List.of(
            "I'm rooting for you, but your DPS needs to branch out.",
            "Leaf me alone, I'm photosynthesising between pulls.",
            "You can't pine for loot that never dropped.",
            "Wood you believe it? Another tree-mendous wipe.",
            "Some rogues are so shady they make my canopy jealous.",
            "Don't be sappy, just spruce up your rotation.",
            "I was stumped on that boss, so I turned over a new leaf.",
            "Yew have got to be kidding me, you pulled the whole room?",
            "Oak-ay raid, that's enough standing in fire for one night.",
            "My favourite raid tier? Anything with a good bark-to-bite ratio.",
            "Druids don't cast spells, they just take root and grow on you.",
            "I tried herbalism once. It felt a little too personal.",
            "Moonfire on the tank again? Now that's what I call a burning bark.",
            "Never trust a mage near a forest. They have a flare for drama.",
            "I'd tell you a Barrens chat joke, but it would take the whole day to branch out.",
            "Cenarius called. He wants his innervate back, and it's not a twig deal.",
            "Entangling Roots: the only crowd control that's also a family reunion.",
            "My bank alt is a stump. It never leaves Ironforge either.",
            "I don't go AFK, I go dormant for the winter.",
            "A warlock asked for my soul shard. I told him I only have tree rings.",
            "Thorns isn't a buff, it's a lifestyle.",
            "Feral druids bear it all; restos just leaf the heals to me.",
            "I asked the hunter to control his pet. He said it was barking up the wrong tree.",
            "That paladin bubbled and hearthed. Talk about knocking on wood.",
            "I never roll need on leather. I'm already well-grained.",
            "The auction house is full of sap-sellers charging sap prices.",
            "Ashenvale's night elves call me a sight for sore pines.",
            "Ragnaros hates me. I'm what you'd call a fire hazard with feelings.",
            "I tried tanking once, but I kept putting down roots in the wrong place.",
            "Why did the treant skip the Molten Core raid? Too much heat in the canopy.",
            "Every guild needs a treant: someone has to be the family tree.",
            "Wipe it off, grow it back. That's the circle of leaf.",
            "I'm not slow on the pull, I'm just seasonally adjusted.",
            "My hearthstone is set to a nice shady spot in Teldrassil.");

    private Puns() {}

    public static String random() {
        return ALL.get(ThreadLocalRandom.current().nextInt(ALL.size()));
    }
}
