package io.capacitybroker.finance.audit;

import io.capacitybroker.platform.db.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The append-only trail of who did what to which financial document (table {@code finance_audit},
 * whose trigger refuses updates and deletes). Records are written in the transaction of the change
 * they describe, so a change and its record commit or roll back together.
 */
@ApplicationScoped
public class FinanceAudit {
    /** PARTNER: where a partner is paid (its Stripe Connect account). */
    public enum DocumentType { BILLING_RUN, INVOICE, CREDIT_NOTE, STATEMENT, PAYOUT, PARTNER }

    @Schema(name = "AuditRecord")
    public record AuditRecord(long id, Instant at, String actor, DocumentType documentType, String documentId,
                              String action, String detail) {}

    @Inject Clock clock;

    public Uni<Void> record(Mutiny.Session session, DocumentType type, String documentId, String action, String actor,
                            String detail) {
        return session.createNativeQuery("""
                        insert into finance_audit (at, actor, document_type, document_id, action, detail)
                        values (:at, :actor, :type, :document, :action, :detail)""")
                .setParameter("at", clock.instant())
                .setParameter("actor", actor)
                .setParameter("type", type.name())
                .setParameter("document", documentId)
                .setParameter("action", action)
                .setParameter("detail", detail)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The trail of one document, oldest first. */
    @WithSession
    public Uni<List<AuditRecord>> of(String documentId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select id, at, actor, document_type, document_id, action, detail
                        from finance_audit where document_id = :document order by id""", Object[].class)
                .setParameter("document", documentId)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new AuditRecord(Rows.longValue(row[0]), Rows.instant(row[1]),
                        row[2].toString(), DocumentType.valueOf(row[3].toString()), row[4].toString(), row[5].toString(),
                        row[6].toString())).toList());
    }
}
