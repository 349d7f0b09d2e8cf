package dev.chorus.consensus.paxos.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.chorus.consensus.paxos.PaxosEvent;
import dev.chorus.consensus.paxos.PaxosMessage;

/**
 * The Jackson names of the Paxos core's messages and events, kept out of the core (which holds no
 * serialization annotations): a message or event travels and is stored by these type names,
 * never by class names, so they must not change (docs/architecture.md, "Names that must not
 * change"). Registered through {@code pekko.serialization.jackson.jackson-modules} in this
 * module's {@code chorus-defaults.conf}.
 */
public final class PaxosJacksonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** The module, with the mix-ins that name every message and event. */
  public PaxosJacksonModule() {
    super("chorus-paxos");
    setMixInAnnotation(PaxosMessage.class, MessageNames.class);
    setMixInAnnotation(PaxosEvent.class, EventNames.class);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = PaxosMessage.Prepare.class, name = "prepare"),
      @JsonSubTypes.Type(value = PaxosMessage.Promise.class, name = "promise"),
      @JsonSubTypes.Type(value = PaxosMessage.Accept.class, name = "accept"),
      @JsonSubTypes.Type(value = PaxosMessage.Accepted.class, name = "accepted"),
      @JsonSubTypes.Type(value = PaxosMessage.Nack.class, name = "nack"),
      @JsonSubTypes.Type(value = PaxosMessage.Chosen.class, name = "chosen")})
  private interface MessageNames {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = PaxosEvent.Promised.class, name = "promised"),
      @JsonSubTypes.Type(value = PaxosEvent.Voted.class, name = "voted")})
  private interface EventNames {}
}
