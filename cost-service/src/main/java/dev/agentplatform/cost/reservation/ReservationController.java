package dev.agentplatform.cost.reservation;

import dev.agentplatform.common.BudgetReservation;
import dev.agentplatform.common.BudgetReservationRequest;
import dev.agentplatform.common.BudgetSettlement;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.cost.budget.UserIds;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceCaller;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orchestrator's reservations: internal (the gateway routes no client to them), each call
 * acting for the user whose budget it touches.
 */
@RestController
class ReservationController {

    /** Holds beyond this are a caller's bug, not a call's worst case. */
    private static final BigDecimal MAX_HOLD_USD = new BigDecimal("10000");

    private static final Pattern RESERVATION_ID = Pattern.compile("[0-9a-f-]{36}");

    private final ReservationService reservations;
    private final ReservationProperties properties;

    ReservationController(ReservationService reservations, ReservationProperties properties) {
        this.reservations = reservations;
        this.properties = properties;
    }

    @PostMapping("/v1/reservations")
    ResponseEntity<BudgetReservation> reserve(@RequestBody BudgetReservationRequest request) {
        if (request == null) {
            throw invalid("a body is required");
        }
        String userId = UserIds.require(request.userId(), "userId");
        ServiceCaller.requireUser(userId);
        BigDecimal amount = request.amountUsd();
        if (amount == null || amount.signum() < 0 || amount.compareTo(MAX_HOLD_USD) > 0) {
            throw invalid("amountUsd must be within 0 and " + MAX_HOLD_USD + ", was " + amount);
        }
        if (request.team() != null) {
            UserIds.require(request.team(), "team");
        }
        if (request.keyId() != null) {
            UserIds.require(request.keyId(), "keyId");
        }
        Duration lease = properties.defaultLease();
        if (request.leaseSeconds() != null) {
            if (request.leaseSeconds() < 1
                    || request.leaseSeconds() > properties.maxLease().toSeconds()) {
                throw invalid("leaseSeconds must be within 1 and "
                        + properties.maxLease().toSeconds());
            }
            lease = Duration.ofSeconds(request.leaseSeconds());
        }
        BudgetReservation reservation =
                reservations.reserve(userId, request.tier(), request.team(), request.keyId(), amount, lease);
        return ResponseEntity.status(HttpStatus.CREATED).body(reservation);
    }

    @PostMapping("/v1/reservations/{id}/settle")
    ResponseEntity<Void> settle(@PathVariable String id, @RequestBody BudgetSettlement settlement) {
        checkId(id);
        if (settlement == null
                || settlement.costUsd() == null
                || settlement.costUsd().signum() < 0) {
            throw invalid("costUsd must be 0 or more");
        }
        if (settlement.costUsd().compareTo(MAX_HOLD_USD) > 0) {
            throw invalid("costUsd must be at most " + MAX_HOLD_USD);
        }
        reservations.settle(id, actingUser(), settlement.costUsd());
        return ResponseEntity.noContent().build();
    }

    /**
     * Gives a hold back. With {@code awaitingUsd} it closes a budget lease instead: what the lease's
     * usage events cost together, of which the part not booked yet stays held until they come.
     */
    @DeleteMapping("/v1/reservations/{id}")
    ResponseEntity<Void> release(@PathVariable String id, @RequestParam(required = false) String awaitingUsd) {
        checkId(id);
        if (awaitingUsd == null) {
            reservations.release(id, actingUser());
        } else {
            reservations.close(id, actingUser(), awaiting(awaitingUsd));
        }
        return ResponseEntity.noContent().build();
    }

    private static BigDecimal awaiting(String value) {
        BigDecimal awaiting;
        try {
            awaiting = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw invalid("awaitingUsd must be a number of dollars, was " + value);
        }
        if (awaiting.signum() < 0 || awaiting.compareTo(MAX_HOLD_USD) > 0) {
            throw invalid("awaitingUsd must be within 0 and " + MAX_HOLD_USD + ", was " + value);
        }
        return awaiting;
    }

    private static String actingUser() {
        return ServiceCaller.requireActingUser("The service credential acts for no user");
    }

    private static void checkId(String id) {
        if (!RESERVATION_ID.matcher(id).matches()) {
            throw invalid("a reservation id is the UUID the reservation was answered with");
        }
    }

    private static PlatformException invalid(String detail) {
        return new PlatformException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }
}
