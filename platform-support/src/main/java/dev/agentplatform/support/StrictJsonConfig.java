package dev.agentplatform.support;

import dev.agentplatform.support.text.PlainText;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Jackson quietly turns {@code "prompt": 5} into {@code "5"}, {@code "maxCostUsd": "1"} into a
 * number and {@code "strategy": 1} into an enum constant. A public API should say the type is wrong
 * instead, so scalars are not coerced between JSON types and trailing garbage after the document is
 * refused: such a request gets a 400 problem. Every string read is {@link PlainText#clean cleaned}
 * of control characters and lone surrogates, so none reaches a model, an embedder or PostgreSQL,
 * and a text of nothing else is blank for validation. Every service reads its JSON this way.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
class StrictJsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictScalarTypes() {
        return builder -> builder.addModule(
                        new SimpleModule("plain-text").addDeserializer(String.class, new PlainTextDeserializer()))
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float, config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /** Jackson's own string reading (coercion rules included), then {@link PlainText#clean}. */
    static final class PlainTextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            return PlainText.clean(super.deserialize(p, ctxt));
        }
    }
}
