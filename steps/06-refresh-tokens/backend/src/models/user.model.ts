import bcrypt from 'bcryptjs';
import { model, Schema, type Model } from 'mongoose';

/**
 * bcrypt's work factor: each +1 doubles the time to hash, for us and for an attacker. It is a
 * setting (BCRYPT_COST, 12 unless set), because the right cost depends on the server's
 * hardware; src/app.ts passes it on at start-up.
 */
export const passwordHashing = { cost: 12 };

/** What an account may do: `admin` opens /api/admin. Nobody chooses their own at registration. */
export const roles = ['user', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface UserFields {
  name: string;
  email: string;
  password: string;
  role: Role;
  createdAt: Date;
}

interface UserMethods {
  comparePassword(candidate: string): Promise<boolean>;
}

type UserModel = Model<UserFields, object, UserMethods>;

const userSchema = new Schema<UserFields, UserModel, UserMethods>(
  {
    name: { type: String, required: true, trim: true, maxlength: 100 },
    // The unique index, not a findOne before insert, is what keeps emails unique.
    email: {
      type: String,
      required: true,
      unique: true,
      lowercase: true,
      trim: true,
      maxlength: 254,
    },
    // Never loaded unless a query asks for it with .select('+password').
    password: { type: String, required: true, select: false },
    // Only the admin routes and `npm run make-admin` change it; register cannot set it.
    role: { type: String, enum: roles, default: 'user', required: true },
  },
  {
    timestamps: true,
    toJSON: {
      // The public shape of a user. Whatever was loaded, the hash is never part of it.
      // An account stored before roles existed has none: it is a user.
      transform: (_doc, ret) => ({
        id: String(ret._id),
        name: ret.name,
        email: ret.email,
        role: ret.role ?? 'user',
      }),
    },
  },
);

// Mongoose 9 pre hooks are plain async functions: no `next` callback.
userSchema.pre('save', async function () {
  if (!this.isModified('password')) return;
  this.password = await bcrypt.hash(this.password, passwordHashing.cost);
});

userSchema.method('comparePassword', function (this: UserFields, candidate: string) {
  return bcrypt.compare(candidate, this.password);
});

export const User = model<UserFields, UserModel>('User', userSchema);
