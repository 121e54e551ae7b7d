package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TsScoreTest {
  private static final TsScore.Classes CLASSES = TsScore.Classes.of(List.of("""
      export class Action<T> extends Subscription {}
      export class AsyncAction<T> extends Action<T> implements SchedulerLike, Other<A, B> {}
      export class AsapAction<T> extends AsyncAction<T> {}
      export class Unrelated {}
      """));

  private static TscChecker.TsError error(String path, int line, int code, String message) {
    return new TscChecker.TsError(path, line, 1, code, message);
  }

  @Test
  void aClassRejectedForTheChangedMemberCountsForTheOverrideItInherits() {
    TsScore.Site override = new TsScore.Site("src/AsyncAction.ts", 20, 20, "OVERRIDE schedule", "AsyncAction");
    TscChecker.TsError asap = error("src/asap.ts", 39, 2345, "Argument of type 'typeof AsapAction' is not assignable"
        + " to parameter of type 'typeof Action'.   The types of 'schedule' are incompatible between these types.");
    assertTrue(override.coversMember(asap, "schedule", CLASSES));
    assertFalse(override.coversMember(asap, "unsubscribe", CLASSES), "another member's incompatibility");
    TscChecker.TsError unrelated = error("src/u.ts", 3, 2322, "Type 'Unrelated' is not assignable to type 'Action<T>'."
        + "   Types of property 'schedule' are incompatible.");
    assertFalse(override.coversMember(unrelated, "schedule", CLASSES), "a class that neither is nor extends it");
    TsScore.Site call = new TsScore.Site("src/asap.ts", 12, 12, "CALL schedule", "");
    assertFalse(call.coversMember(asap, "schedule", CLASSES), "only overriding declarations cover such errors");
  }

  @Test
  void aClassWhoseStaticSideNoLongerExtendsItsBasesCountsForItsStaticOverride() {
    TsScore.Classes classes = TsScore.Classes.of(List.of("""
        export abstract class PrimeEdwardsPoint<T> implements CurvePoint<bigint, T> {}
        class _RistrettoPoint extends PrimeEdwardsPoint<_RistrettoPoint> {}
        """));
    TsScore.Site override = new TsScore.Site("src/ed25519.ts", 540, 540, "OVERRIDE static fromHex", "_RistrettoPoint");
    TscChecker.TsError head = error("src/ed25519.ts", 472, 2417, "Class static side 'typeof _RistrettoPoint' incorrectly"
        + " extends base class static side 'typeof PrimeEdwardsPoint'.   Types of property 'fromHex' are incompatible.");
    assertTrue(override.coversMember(head, "fromHex", classes));
    assertFalse(override.coversMember(head, "toHex", classes), "another member's incompatibility");
  }

  @Test
  void aMemberReachedThroughAPathIsTheChangedMember() {
    TsScore.Classes classes = TsScore.Classes.of(List.of("""
        export abstract class PrimeEdwardsPoint<T> implements CurvePoint<bigint, T> {}
        class _DecafPoint extends PrimeEdwardsPoint<_DecafPoint> {}
        """));
    TsScore.Site own = new TsScore.Site("src/abstract/edwards.ts", 779, 779, "OVERRIDDEN precompute",
        "PrimeEdwardsPoint");
    TscChecker.TsError cons = error("src/ed448.ts", 719, 2322, "Type 'typeof _DecafPoint' is not assignable to type"
        + " 'CurvePointCons<CurvePoint<any, _DecafPoint>>'.   The types of 'BASE.precompute' are incompatible between"
        + " these types.");
    assertTrue(own.coversMember(cons, "precompute", classes));
    TscChecker.TsError constraint = error("src/ed448.ts", 662, 2344, "Type 'typeof _DecafPoint' does not satisfy the"
        + " constraint 'PC_ANY'.   Types of property 'precompute' are incompatible.");
    assertTrue(own.coversMember(constraint, "precompute", classes));
    assertFalse(own.coversMember(cons, "compute", classes), "a member whose name only ends the same");
  }

  @Test
  void heritageListsWithTypeArgumentsNameEveryBase() {
    assertTrue(CLASSES.extendsOrIs("AsapAction", "Action"));
    assertTrue(CLASSES.extendsOrIs("AsyncAction", "Other"));
    assertFalse(CLASSES.extendsOrIs("AsyncAction", "B"), "a type argument is no base");
  }

  @Test
  void aClassNamedInACommentAboveAClassHeadIsNoClass() {
    TsScore.Classes classes = TsScore.Classes.of(List.of("""
        abstract class SHA2_64B<T extends SHA2_64B<T>> extends HashMD<T> {}

        /** Internal SHA-512 hash class grounded in RFC 6234. */
        export class _SHA512 extends SHA2_64B<_SHA512> {}
        """));
    assertTrue(classes.extendsOrIs("_SHA512", "SHA2_64B"));
    assertTrue(classes.extendsOrIs("_SHA512", "HashMD"));
    assertFalse(classes.extendsOrIs("grounded", "SHA2_64B"), "a word of the comment");
  }

  @Test
  void aLineIsFoundWhenAnyOfItsErrorsIsCovered() {
    TsScore.Classes classes = TsScore.Classes.of(List.of("""
        abstract class SHA2_64B<T extends SHA2_64B<T>> extends HashMD<T> {}
        export class _SHA512 extends SHA2_64B<_SHA512> {}
        """));
    TsScore.Site own = new TsScore.Site("src/sha2.ts", 326, 326, "OVERRIDDEN destroy", "SHA2_64B");
    TscChecker.TsError assignment = new TscChecker.TsError("src/sha2.ts", 435, 14, 2322, "Type '{ outputLen: number;"
        + " create(): Hash<_SHA512>; }' is not assignable to type '{ outputLen: number; create(): _SHA512; }'.");
    TscChecker.TsError constraint = new TscChecker.TsError("src/sha2.ts", 435, 33, 2344, "Type '_SHA512' does not"
        + " satisfy the constraint 'Hash<_SHA512>'.   Types of property 'destroy' are incompatible.");
    TsScore s = TsScore.of(List.of(assignment, constraint), List.of(own), "destroy", classes, "destroy");
    assertEquals(1, s.truth);
    assertEquals(1, s.truePositives, s.falseNegatives::toString);
    assertEquals(List.of(), s.falsePositives);
  }

  @Test
  void anotherMemberRejectedBecauseTheClassNoLongerFitsItsBaseCountsForTheChangedMember() {
    TsScore.Classes classes = TsScore.Classes.of(List.of("""
        export class Keccak {}
        export class _KeccakPRG extends Keccak implements PRG {}
        export class Other extends Keccak {}
        """));
    TsScore.Site override = new TsScore.Site("src/sha3-addons.ts", 1082, 1082, "OVERRIDE digestInto", "_KeccakPRG");
    TscChecker.TsError cascade = error("src/sha3-addons.ts", 1122, 2416, "Property '_cloneInto' in type '_KeccakPRG'"
        + " is not assignable to the same property in base type 'Keccak'.   Type '(to?: _KeccakPRG | undefined) =>"
        + " _KeccakPRG' is not assignable to type '(to?: Keccak | undefined) => Keccak'.     Types of parameters 'to'"
        + " and 'to' are incompatible.       Type 'Keccak | undefined' is not assignable to type '_KeccakPRG |"
        + " undefined'.         Type 'Keccak' is missing the following properties from type '_KeccakPRG': rate");
    assertTrue(override.coversBaseCascade(cascade, classes));
    TsScore.Site elsewhere = new TsScore.Site("src/sha3-addons.ts", 900, 900, "OVERRIDE digestInto", "Other");
    assertFalse(elsewhere.coversBaseCascade(cascade, classes), "another class's declaration");
    TscChecker.TsError ownType = error("src/sha3-addons.ts", 1122, 2416, "Property '_cloneInto' in type"
        + " '_KeccakPRG' is not assignable to the same property in base type 'Keccak'.   Type '(to: number) => void'"
        + " is not assignable to type '() => void'.");
    assertFalse(override.coversBaseCascade(ownType, classes), "that member's own incompatibility");
  }

  @Test
  void aFactoryReturningTheClassWhereAnotherTypeIsExpectedNamesTheClass() {
    TsScore.Classes classes = TsScore.Classes.of(List.of("export class _KangarooTwelve extends Keccak {}\n"));
    TsScore.Site own = new TsScore.Site("src/sha3-addons.ts", 887, 887, "OVERRIDDEN destroy", "_KangarooTwelve");
    TscChecker.TsError factory = error("src/sha3-addons.ts", 971, 2345, "Argument of type '(opts?: TArg<KangarooOpts>)"
        + " => _KangarooTwelve' is not assignable to parameter of type '(opts?: KangarooOpts | undefined) =>"
        + " Hash<_KangarooTwelve>'.     Call signature return types '_KangarooTwelve' and 'Hash<_KangarooTwelve>' are"
        + " incompatible.       The types of 'destroy' are incompatible between these types.");
    assertTrue(own.coversMember(factory, "destroy", classes));
  }

  @Test
  void aTypeGuardsNarrowingIsTakenAwayByMakingItsPredicateBoolean() {
    String text = "/** doc */\nexport function isFunction(value: any): value is (...args: any[]) => any {\n"
        + "  return typeof value === 'function';\n}\n";
    FunctionSignature guard = new FunctionSignature("typescript", "src/isFunction.ts", "", "isFunction",
        FunctionSignature.Kind.FUNCTION, List.of(new Parameter("value", "any", null, false)),
        "value is (...args: any[]) => any", List.of("export"), 2, 8, 4, "");
    assertEquals("/** doc */\nexport function isFunction(value: any): boolean {\n"
        + "  return typeof value === 'function';\n}\n", TsScore.withoutNarrowing(text, guard));
    FunctionSignature plain = new FunctionSignature("typescript", "src/f.ts", "", "f", FunctionSignature.Kind.FUNCTION,
        List.of(), "boolean", List.of(), 1, 1, 1, "");
    assertNull(TsScore.withoutNarrowing("function f(): boolean { return true }\n", plain));
  }

  @Test
  void aLostNarrowingFoldsIntoAnErrorAtACallOfTheGuardAboveIt() {
    String text = "const x = f()\nif (isFunction(0, x)) {\n  x()\n}\ny()\n";
    TscChecker.TsError call = error("src/a.ts", 2, 2554, "Expected 2 arguments, but got 1.");
    TscChecker.TsError lost = error("src/a.ts", 3, 2349, "This expression is not callable.");
    List<TscChecker.TsError> errors = List.of(call, lost);
    Set<String> narrowing = Set.of(TsScore.place(lost));
    assertTrue(TsScore.afterBrokenCall(lost, errors, narrowing, Map.of("src/a.ts", text), "isFunction"));
    assertFalse(TsScore.afterBrokenCall(lost, List.of(lost), narrowing, Map.of("src/a.ts", text), "isFunction"),
        "no error at a call of the guard: the lost narrowing stays an error of its own");
  }
}
