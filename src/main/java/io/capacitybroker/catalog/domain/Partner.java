package io.capacitybroker.catalog.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A site operator that sells capacity through the broker. */
@Entity
@Table(name = "partner")
public class Partner {
    @Id
    public String id;
    public String name;
    public Instant createdAt;
}
