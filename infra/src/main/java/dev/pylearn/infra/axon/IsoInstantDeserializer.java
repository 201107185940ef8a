package dev.pylearn.infra.axon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads the instants inside event payloads with {@link IsoInstants}: jsr310's deserializer goes
 * through DateTimeFormatter, a sixth of a projection's replay CPU in a profile. Numbers, and text
 * in any other shape, are still read by jsr310's own deserializer, with its errors.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            String text = parser.getText();
            if (!text.isEmpty()) {
                try {
                    return IsoInstants.parse(text);
                } catch (DateTimeException e) {
                    // jsr310 reports it in its own words below
                }
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
}
