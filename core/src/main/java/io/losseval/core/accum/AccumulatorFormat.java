package io.losseval.core.accum;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The byte layout of a {@link LossAccumulator} (and of an {@link ExactSum}): the only class that
 * knows it.
 *
 * <p>The form is compact, versioned and canonical: a state has exactly one encoding, whatever
 * order it was built in, and decoding rejects every other byte string, so re-serialising a
 * deserialised accumulator gives identical bytes. Multi-byte integers are big-endian (as {@link
 * DataOutput} writes them).
 *
 * <h2>Accumulator, version 1</h2>
 *
 * <pre>
 * Byte adr | 0      1      2      3      | 4       | 5       | 6      7        |
 *        0 | 'L'    'E'    'V'    'A'    | version | flags   | reserved: 0     |
 *          | magic 0x4C455641            | = 1     |         |                 |
 *        8 | rows: int64, &gt;= 0                                               |
 *       16 | elements: int64, &gt;= 0                                           |
 *       24 | loss sum: sum section (below), a bytes                           |
 *   24 + a | weight sum: sum section, b bytes                                 |
 * 24 + a+b | n: uint8, number of skip pairs (0..5)                            |
 * 25 + a+b | n pairs {code: uint8 (SkipReason.code()), count: int64 &gt; 0},    |
 *          | 9 bytes each, in strictly ascending code order                   |
 * </pre>
 *
 * <p>{@code flags} bit 0 is EMPTY: set exactly when the state is empty ({@link
 * LossAccumulator#isEmpty()}), and then the encoding ends after byte 7 (8 bytes in all). The other
 * flag bits and the reserved bytes are 0.
 *
 * <h2>Sum section</h2>
 *
 * <p>The special-value counts and the exact finite value of an {@link ExactSum}, the latter as a
 * sign and magnitude digits in base 2<sup>32</sup> (in units of 2<sup>-1074</sup>), trimmed to the
 * non-zero digits:
 *
 * <pre>
 * Byte adr | 0
 *        0 | kind: uint8. bit 0: NaN count follows; bit 1: +Inf count follows;
 *          |   bit 2: -Inf count follows; bit 3: finite part non-zero;
 *          |   bit 4: finite part negative (only with bit 3); bits 5..7: 0
 *        1 | NaN count: int64 &gt; 0    (if bit 0)
 *          | +Inf count: int64 &gt; 0   (if bit 1)
 *          | -Inf count: int64 &gt; 0   (if bit 2)
 *          | if bit 3:
 *          |   o: uint8 (0..69), index of the lowest digit
 *          |   k: uint8 (1..70-o), number of digits
 *          |   k digits d_0 .. d_(k-1): uint32, lowest first; d_0 and d_(k-1) non-zero;
 *          |     a digit at index o+i = 69 is below 2^31 (the capacity of ExactSum)
 *          |   value = (bit 4 ? -1 : 1) * sum over i of d_i * 2^(32 (o + i) - 1074)
 * </pre>
 *
 * <p>An empty sum is the single byte {@code 0x00}. A sum of values within a few binades takes 7 to
 * 15 bytes, so a typical accumulator takes 40 to 60 bytes.
 *
 * <p>Decoding validates every field and reports the first problem as an {@link
 * AccumulatorFormatException} ({@code "accumulator bytes: <field>: expected <x>, found <y>"}).
 */
public final class AccumulatorFormat {

  /** The format version written and read by this class. */
  public static final int VERSION = 1;

  static final int MAGIC = 0x4C455641; // "LEVA"
  static final int FLAG_EMPTY = 0x01;

  private static final int HAS_NAN = 0x01;
  private static final int HAS_POSITIVE_INFINITY = 0x02;
  private static final int HAS_NEGATIVE_INFINITY = 0x04;
  private static final int NON_ZERO = 0x08;
  private static final int NEGATIVE = 0x10;
  private static final int KIND_BITS = 0x1F;
  private static final long DIGIT_MASK = 0xFFFF_FFFFL;

  private static final SkipReason[] IN_CODE_ORDER = Arrays.stream(SkipReason.values())
      .sorted(Comparator.comparingInt(SkipReason::code))
      .toArray(SkipReason[]::new);

  private AccumulatorFormat() {}

  /** The canonical bytes of {@code accumulator}. */
  public static byte[] toBytes(LossAccumulator accumulator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      boolean empty = accumulator.isEmpty();
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeByte(empty ? FLAG_EMPTY : 0);
      out.writeShort(0);
      if (!empty) {
        out.writeLong(accumulator.rows());
        out.writeLong(accumulator.elements());
        writeSum(accumulator.lossSum(), out);
        writeSum(accumulator.weightSum(), out);
        out.writeByte(accumulator.skipCounts().size());
        for (SkipReason reason : IN_CODE_ORDER) {
          long count = accumulator.skipped(reason);
          if (count > 0) {
            out.writeByte(reason.code());
            out.writeLong(count);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes and validates {@code bytes}.
   *
   * @throws AccumulatorFormatException if the bytes are not exactly one canonical version-1
   *     accumulator
   */
  public static LossAccumulator fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Input in = new Input(new DataInputStream(new ByteArrayInputStream(bytes)), bytes.length);
    try {
      int magic = in.int32("magic");
      if (magic != MAGIC) {
        throw new AccumulatorFormatException(
            "magic", "0x4C455641 (\"LEVA\")", String.format("0x%08X", magic));
      }
      int version = in.uint8("version");
      if (version != VERSION) {
        throw new AccumulatorFormatException("version", VERSION, version);
      }
      int flags = in.uint8("flags");
      if ((flags & ~FLAG_EMPTY) != 0) {
        throw new AccumulatorFormatException("flags", "0x00 or 0x01", hex(flags));
      }
      int reserved = in.uint16("reserved");
      if (reserved != 0) {
        throw new AccumulatorFormatException("reserved", 0, reserved);
      }
      LossAccumulator accumulator = flags == FLAG_EMPTY ? LossAccumulator.create() : readBody(in);
      if (flags != FLAG_EMPTY && accumulator.isEmpty()) {
        throw new AccumulatorFormatException(
            "flags", "0x01 (EMPTY) for an empty state", hex(flags));
      }
      if (in.position() != bytes.length) {
        throw new AccumulatorFormatException(
            "length", in.position() + " bytes", bytes.length + " bytes (trailing bytes)");
      }
      return accumulator;
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory", e);
    }
  }

  /** Writes the sum section of {@code sum}. */
  static void writeSum(ExactSum sum, DataOutput out) throws IOException {
    long[] words = sum.normalisedWords();
    int low = 0;
    while (low < words.length && words[low] == 0) {
      low++;
    }
    int high = words.length - 1;
    while (high >= low && words[high] == 0) {
      high--;
    }
    int kind = (sum.nanCount() > 0 ? HAS_NAN : 0)
        | (sum.positiveInfinityCount() > 0 ? HAS_POSITIVE_INFINITY : 0)
        | (sum.negativeInfinityCount() > 0 ? HAS_NEGATIVE_INFINITY : 0)
        | (high >= low ? NON_ZERO : 0)
        | (high >= low && words[high] < 0 ? NEGATIVE : 0);
    out.writeByte(kind);
    if (sum.nanCount() > 0) {
      out.writeLong(sum.nanCount());
    }
    if (sum.positiveInfinityCount() > 0) {
      out.writeLong(sum.positiveInfinityCount());
    }
    if (sum.negativeInfinityCount() > 0) {
      out.writeLong(sum.negativeInfinityCount());
    }
    if (high >= low) {
      out.writeByte(low);
      out.writeByte(high - low + 1);
      for (int i = low; i <= high; i++) {
        out.writeInt((int) Math.abs(words[i]));
      }
    }
  }

  /** Reads a sum section from a stream of unknown length (truncation gives an EOFException). */
  static ExactSum readSum(DataInput in) throws IOException {
    return readSum(new Input(in, Long.MAX_VALUE), "sum");
  }

  private static LossAccumulator readBody(Input in) throws IOException {
    long rows = in.int64("rows");
    if (rows < 0) {
      throw new AccumulatorFormatException("rows", ">= 0", rows);
    }
    long elements = in.int64("elements");
    if (elements < 0) {
      throw new AccumulatorFormatException("elements", ">= 0", elements);
    }
    ExactSum lossSum = readSum(in, "loss sum");
    ExactSum weightSum = readSum(in, "weight sum");
    int pairs = in.uint8("skip pair count");
    if (pairs > IN_CODE_ORDER.length) {
      throw new AccumulatorFormatException("skip pair count", "<= " + IN_CODE_ORDER.length, pairs);
    }
    long[] skipped = new long[SkipReason.values().length];
    int previous = 0;
    for (int k = 0; k < pairs; k++) {
      int code = in.uint8("skip code");
      SkipReason reason = reasonWithCode(code);
      if (code <= previous) {
        throw new AccumulatorFormatException(
            "skip code", "> " + previous + " (ascending codes)", code);
      }
      long count = in.int64("skip count");
      if (count <= 0) {
        throw new AccumulatorFormatException("skip count of " + reason, "> 0", count);
      }
      skipped[reason.ordinal()] = count;
      previous = code;
    }
    return LossAccumulator.of(lossSum, weightSum, rows, elements, skipped);
  }

  private static ExactSum readSum(Input in, String name) throws IOException {
    int kind = in.uint8(name + " kind");
    if ((kind & ~KIND_BITS) != 0) {
      throw new AccumulatorFormatException(name + " kind", "bits 5..7 clear", hex(kind));
    }
    if ((kind & NEGATIVE) != 0 && (kind & NON_ZERO) == 0) {
      throw new AccumulatorFormatException(
          name + " kind", "negative bit 0x10 only with non-zero bit 0x08", hex(kind));
    }
    long nan = (kind & HAS_NAN) != 0 ? positiveCount(in, name + " NaN count") : 0;
    long positiveInfinity =
        (kind & HAS_POSITIVE_INFINITY) != 0 ? positiveCount(in, name + " +Inf count") : 0;
    long negativeInfinity =
        (kind & HAS_NEGATIVE_INFINITY) != 0 ? positiveCount(in, name + " -Inf count") : 0;
    if ((kind & NON_ZERO) == 0) {
      return ExactSum.of(nan, positiveInfinity, negativeInfinity, false, 0, new int[0]);
    }
    int offset = in.uint8(name + " digit offset");
    if (offset >= ExactSum.WORDS) {
      throw new AccumulatorFormatException(name + " digit offset", "< " + ExactSum.WORDS, offset);
    }
    int length = in.uint8(name + " digit count");
    if (length < 1 || offset + length > ExactSum.WORDS) {
      throw new AccumulatorFormatException(
          name + " digit count", "1.." + (ExactSum.WORDS - offset), length);
    }
    int[] digits = new int[length];
    String digitsField = name + " digits";
    for (int i = 0; i < length; i++) {
      digits[i] = in.int32(digitsField);
    }
    if (digits[0] == 0) {
      throw new AccumulatorFormatException(name + " lowest digit", "non-zero", 0);
    }
    long top = digits[length - 1] & DIGIT_MASK;
    if (top == 0) {
      throw new AccumulatorFormatException(name + " highest digit", "non-zero", 0);
    }
    if (offset + length == ExactSum.WORDS && top >= ExactSum.TOP_WORD_LIMIT) {
      throw new AccumulatorFormatException(
          name + " highest digit", "< 2^31 at index " + (ExactSum.WORDS - 1), top);
    }
    boolean negative = (kind & NEGATIVE) != 0;
    return ExactSum.of(nan, positiveInfinity, negativeInfinity, negative, offset, digits);
  }

  private static long positiveCount(Input in, String field) throws IOException {
    long count = in.int64(field);
    if (count <= 0) {
      throw new AccumulatorFormatException(field, "> 0", count);
    }
    return count;
  }

  private static SkipReason reasonWithCode(int code) {
    for (SkipReason reason : IN_CODE_ORDER) {
      if (reason.code() == code) {
        return reason;
      }
    }
    String codes = Arrays.stream(IN_CODE_ORDER)
        .map(r -> String.valueOf(r.code()))
        .collect(Collectors.joining(", "));
    throw new AccumulatorFormatException("skip code", "one of " + codes, code);
  }


  private static String hex(int b) {
    return String.format("0x%02X", b);
  }

  /** A {@link DataInput} that knows how many bytes it may read and names a field that is cut. */
  private static final class Input {
    private final DataInput in;
    private final long limit;
    private long position;

    Input(DataInput in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    long position() {
      return position;
    }

    int uint8(String field) throws IOException {
      take(1, field);
      return in.readUnsignedByte();
    }

    int uint16(String field) throws IOException {
      take(2, field);
      return in.readUnsignedShort();
    }

    int int32(String field) throws IOException {
      take(4, field);
      return in.readInt();
    }

    long int64(String field) throws IOException {
      take(8, field);
      return in.readLong();
    }

    private void take(int n, String field) {
      long available = limit - position;
      if (available < n) {
        throw new AccumulatorFormatException(
            field, n + " bytes at offset " + position, available + " bytes (truncated)");
      }
      position += n;
    }
  }
}
