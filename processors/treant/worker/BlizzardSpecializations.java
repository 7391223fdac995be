package treant.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Blizzard's {@code /specializations}: in Classic the talent points per tree, in the active group
 * (Classic has no specs as such; the split, e.g. 41/20/0, is what tells a moonkin from a healer).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlizzardSpecializations(@JsonProperty("specialization_groups") List<Group> groups) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Group(@JsonProperty("is_active") boolean active, List<Tree> specializations) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tree(@JsonProperty("specialization_name") String name, @JsonProperty("spent_points") int points) {}

    private List<Tree> activeTrees() {
        if (groups == null) {
            return List.of();
        }
        return groups.stream().filter(g -> g != null && g.active() && g.specializations() != null)
                .findFirst().map(Group::specializations).orElse(List.of());
    }

    /** "41/20/0", or null when there is no active group. */
    public String split() {
        List<Tree> trees = activeTrees();
        return trees.isEmpty() ? null : trees.stream().map(t -> Integer.toString(t.points())).collect(Collectors.joining("/"));
    }

    /** "Balance/Feral Combat/Restoration", or null. */
    public String treeNames() {
        List<Tree> trees = activeTrees();
        return trees.isEmpty() ? null : trees.stream().map(t -> String.valueOf(t.name())).collect(Collectors.joining("/"));
    }
}
