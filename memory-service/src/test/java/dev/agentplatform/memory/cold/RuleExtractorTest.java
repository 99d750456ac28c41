package dev.agentplatform.memory.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.memory.cold.Extraction.Entity;
import dev.agentplatform.memory.cold.Extraction.Fact;
import dev.agentplatform.memory.cold.Extraction.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleExtractorTest {

    private final RuleExtractor extractor = new RuleExtractor();

    private static List<String> triples(Extraction x) {
        return x.facts().stream()
                .map(f -> f.subject() + " " + f.predicate() + " " + f.object())
                .toList();
    }

    private static Type typeOf(Extraction x, String key) {
        return x.entities().stream()
                .filter(e -> e.key().equals(key))
                .map(Entity::type)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entity " + key + " in " + x.entities()));
    }

    @Test
    void readsKinshipInItsThreeForms() {
        assertThat(triples(extractor.extract("Mel", "Anna is Caroline's sister.")))
                .contains("anna sister_of caroline");
        assertThat(triples(extractor.extract("Mel", "My sister Anna came over yesterday.")))
                .contains("anna sister_of mel");
        assertThat(triples(extractor.extract("Mel", "Caroline's best friend, Jo, paints.")))
                .contains("jo best_friend_of caroline");
    }

    @Test
    void readsWhereSomeoneLivesAsAFunctionalFactWithItsPlace() {
        Extraction x = extractor.extract("Caroline", "Last year I moved to Boston with my dog.");
        Fact moved = x.facts().stream()
                .filter(f -> f.predicate().equals("lives_in"))
                .findFirst()
                .orElseThrow();
        assertThat(moved.subject()).isEqualTo("caroline");
        assertThat(moved.object()).isEqualTo("boston");
        assertThat(moved.functional()).isTrue();
        assertThat(moved.when()).isEqualToIgnoringCase("last year");
        assertThat(moved.sentence()).isEqualTo("Last year I moved to Boston with my dog.");
        assertThat(typeOf(x, "boston")).isEqualTo(Type.PLACE);
        assertThat(typeOf(x, "caroline")).isEqualTo(Type.PERSON);
    }

    @Test
    void readsEmployersAsOrganisations() {
        Extraction x = extractor.extract("Jon", "I work at Stanford University now.");
        assertThat(triples(x)).contains("jon works_at stanford university");
        assertThat(typeOf(x, "stanford university")).isEqualTo(Type.ORGANIZATION);
    }

    @Test
    void readsSubjectVerbObjectWithThePreposition() {
        assertThat(triples(extractor.extract("Caroline", "I researched adoption agencies last week.")))
                .contains("caroline researched adoption agencies");
        assertThat(triples(extractor.extract("Mel", "Yesterday I went to the pottery workshop, so fun!")))
                .contains("mel went_to pottery workshop");
    }

    @Test
    void linksOtherNamesAndDatesToTheSpeaker() {
        Extraction x = extractor.extract("Mel", "Wow, Paris in June sounds lovely.");
        assertThat(triples(x)).contains("mel mentioned paris", "mel mentioned june");
        assertThat(typeOf(x, "june")).isEqualTo(Type.DATE);
        assertThat(x.entities()).extracting(Entity::key).doesNotContain("wow");
    }

    @Test
    void withoutANameTheSpeakerIsTheUser() {
        assertThat(triples(extractor.extract(null, "I adopted a cat named Oliver.")))
                .contains("user adopted cat named oliver");
    }

    @Test
    void findsTheEntitiesOfAQuestion() {
        assertThat(extractor.entityKeys("What did Caroline research after she met Jon in Paris?"))
                .containsExactly("caroline", "jon", "paris");
        assertThat(extractor.entityKeys("what did she research?")).isEmpty();
    }

    @Test
    void isDeterministic() {
        String text = "My brother Sam moved to Denver in 2021. He works at Acme Inc and loves hiking.";
        assertThat(extractor.extract("Ana", text)).isEqualTo(extractor.extract("Ana", text));
    }
}
